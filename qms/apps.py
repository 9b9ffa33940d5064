from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"


class QmsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a user form that knows the user's service."""

    user_viewset = "qms.views.users.UserViewSet"
