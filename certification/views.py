from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def certification_index(request):
    return render(request, "certification/index.html", {})
