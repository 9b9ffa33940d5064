from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # The demo: the 2026 programme, its audits, findings, nonconformities and their
        # corrective actions (after the action plan's demo).
        demo.register("audits", "audits.demo.load_demo", order=50)
        # The to-do list: overdue nonconformities (pilots), nonconformities to close
        # (quality engineer), audits to come (auditors).
        todo.register("audits.todo.overdue_nonconformities", order=45)
        todo.register("audits.todo.nonconformities_to_close", order=46)
        todo.register("audits.todo.upcoming_audits", order=47)
