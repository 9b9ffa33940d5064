from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Action plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # The demo's action plan, after the risk sheets whose treatments it completes.
        demo.register("actions", "actions.demo.load_demo", order=40)
        # The to-do list: the user's actions overdue or due soon.
        todo.register("actions.todo.my_actions", order=20)
