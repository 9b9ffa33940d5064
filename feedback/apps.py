from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("User feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        # After the indicators (30) and the action plan (40): complaints and requests,
        # their computed indicators, a satisfaction survey and the service commitments.
        demo.register("feedback", "feedback.demo.load_demo", order=45)
        # The to-do list: the complaints and requests of the user's services to answer.
        todo.register("feedback.todo.unanswered_feedback", order=45)
