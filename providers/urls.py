"""External providers (contractors, concession holders, public-contract suppliers), their
evaluations and scores (ISO 9001 §8.4); mounted at /prestataires/ (namespace
"providers"). The pages are in providers/views.py."""

from . import views

app_name = "providers"

urlpatterns = views.urlpatterns
