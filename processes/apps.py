from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Processes, context and risks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # The demo data: the process register (linked to the demo process sheets), its
        # interactions and the context; then the risk sheets and their treatment actions.
        demo.register("processes", "processes.demo.load_demo", order=20)
        demo.register("risks", "processes.demo_risks.load_demo", order=25)
        # The to-do list: risks and context rows whose review date has passed.
        todo.register("processes.todo.risk_reviews", order=30)
        todo.register("processes.todo.context_reviews", order=35)
