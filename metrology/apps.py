from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetrologyConfig(AppConfig):
    name = "metrology"
    verbose_name = _("Monitoring and measuring resources")
    default_auto_field = "django.db.models.BigAutoField"
