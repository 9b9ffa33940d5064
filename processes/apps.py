from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Processes, context and risks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo

        # The demo data: the process register, linked to the demo process sheets.
        demo.register("processes", "processes.demo.load_demo", order=20)
