from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = _("Competence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, evidence, todo

        # Job roles, assignments, three years of trainings and assessments for the demo
        # municipality's people (after documents, processes and the action plan).
        demo.register("competence", "competence.demo.load_demo", order=55)
        # The to-do list: trainings whose effectiveness is to be evaluated, for the pilots.
        todo.register("competence.todo.evaluations_due", order=45)
        # The readiness matrix: ISO 9001 §7.2 evidence.
        evidence.register("competence", "competence.evidence.competence",
                          label=_("Training and competence records"), order=70)
