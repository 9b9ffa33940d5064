from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "readiness"
    verbose_name = _("Certification readiness")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        try:
            from .finders import register_kinds
        except ImportError:  # the readiness-owned evidence kinds are not written yet
            pass
        else:
            register_kinds()
        # After the management reviews (90): links documents to clauses, declares 8.3 not
        # applicable and computes every score.
        demo.register("readiness", "readiness.demo.load_demo", order=95)
        # The to-do list: a pilot's services' open readiness gaps, per standard.
        todo.register("readiness.todo.open_gaps", order=75)
