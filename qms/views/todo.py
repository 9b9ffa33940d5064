"""« À faire »: everything the signed-in person has to do, from every module, grouped by
kind, overdue first."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from qms import todo


@login_required
def todo_list(request):
    items = todo.items_for(request.user)
    overdue = [item for item in items if item.is_overdue]
    # Group by kind, keeping the kinds in the order of their most urgent item.
    order: dict[str, int] = {}
    for index, item in enumerate(items):
        order.setdefault(item.category, index)
    by_category = sorted(items, key=lambda item: order[item.category])
    groups = [(category, list(rows)) for category, rows in
              groupby(by_category, key=lambda item: item.category)]
    return TemplateResponse(request, "qms/todo.html", {
        "groups": groups, "count": len(items), "overdue_count": len(overdue),
    })
