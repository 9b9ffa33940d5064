from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Regulatory watch")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # The demo register: ~40 texts of a municipality with their requirements and two
        # years of evaluations (after the processes and the action plan's people).
        demo.register("compliance", "compliance.demo.load_demo", order=50)
        # The to-do list: the texts whose evaluation is due, for their owner.
        todo.register("compliance.todo.evaluations_due", order=40)
