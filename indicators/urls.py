from django.urls import path, register_converter

from . import views

app_name = "indicators"


class IndicatorCodeConverter:
    """An indicator's code: capital letters, digits, dashes, underscores and dots."""

    regex = r"[A-Z0-9]+(?:[-_.][A-Z0-9]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(IndicatorCodeConverter, "indicator_code")

urlpatterns = [
    path("", views.index, name="index"),
    path("service/<int:service_id>/", views.service_dashboard, name="service_dashboard"),
    path("service/<int:service_id>/pdf/", views.service_dashboard_pdf,
         name="service_dashboard_pdf"),
    path("service/<int:service_id>/xlsx/", views.service_dashboard_xlsx,
         name="service_dashboard_xlsx"),
    path("carte-strategique/", views.strategy_map, name="strategy_map"),
    path("carte-strategique/pdf/", views.strategy_map_pdf, name="strategy_map_pdf"),
    path("carte-strategique/xlsx/", views.strategy_map_xlsx, name="strategy_map_xlsx"),
    path("<indicator_code:code>/", views.indicator_detail, name="indicator_detail"),
]
