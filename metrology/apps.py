from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetrologyConfig(AppConfig):
    name = "metrology"
    verbose_name = _("Monitoring and measuring resources")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, evidence, todo

        # ~20 measuring resources of the demo municipality with their verifications.
        demo.register("metrology", "metrology.demo.load_demo", order=55)
        # The to-do list: for a pilot, the resources of their services to verify.
        todo.register("metrology.todo.verifications_due", order=56)
        # The readiness matrix: §7.1.5, the service's resources verified on time.
        evidence.register("measuring_resources", "metrology.evidence.measuring_resources",
                          label=_("Measuring resources verified"), order=75)
