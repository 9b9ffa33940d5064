from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Objectives and indicators")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo

        # The demo data: the municipal programme, objectives, indicators and measurements.
        demo.register("indicators", "indicators.demo.load_demo", order=30)
