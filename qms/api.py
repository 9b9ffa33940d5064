"""The API under /api/ (django-ninja; OpenAPI at /api/openapi.json). Each app brings
its router; qms/urls.py mounts them."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="QMS API",
    version="1",
    description="Feeds from business applications and read access for other tools.",
    urls_namespace="api",
)
