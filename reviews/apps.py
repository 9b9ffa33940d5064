from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Management reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo

        from . import inputs  # noqa: F401 - registers the sections' compilers

        # After every module whose data the reviews compile.
        demo.register("reviews", "reviews.demo.load_demo", order=90)
