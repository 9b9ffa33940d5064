from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "innovation"
    verbose_name = _("Innovation & performance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo

        # The demo: a programme shaped like the seeds, from the working groups to the
        # contracts and their monthly reports (after the action plan's and audits' demos).
        demo.register("innovation", "innovation.demo.load_demo", order=60)
