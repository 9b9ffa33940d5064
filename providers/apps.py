from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = _("External providers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, evidence, todo

        # ~25 providers of the demo municipality with two years of evaluations.
        demo.register("providers", "providers.demo.load_demo", order=55)
        # The to-do list: for a pilot, the providers of their services due for evaluation.
        todo.register("providers.todo.evaluations_due", order=55)
        # The readiness matrix: §8.4, the service's providers evaluated on time.
        evidence.register("providers", "providers.evidence.providers",
                          label=_("External provider evaluations"), order=80)
