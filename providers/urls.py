"""External providers (contractors, concession holders, public-contract suppliers), their
evaluations and scores (ISO 9001 §8.4); mounted at /prestataires/ (namespace
"providers")."""

app_name = "providers"

urlpatterns = []
