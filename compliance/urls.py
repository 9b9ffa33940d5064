"""Intranet pages of the app (placeholder until its views land)."""

app_name = "compliance"

urlpatterns = []
