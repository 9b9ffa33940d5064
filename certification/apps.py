from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # The demo: certification histories of 18 of the 22 services (after the audits,
        # whose certification audit of the reception it attaches).
        demo.register("certification", "certification.demo.load_demo", order=70)
        # The to-do list: certification audits of the next 90 days (pilots concerned,
        # quality engineer).
        todo.register("certification.todo.upcoming_audits", order=48)
