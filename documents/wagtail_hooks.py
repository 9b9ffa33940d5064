from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions


class FollowUpMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_followup(request.user)


@hooks.register("register_admin_menu_item")
def acknowledgement_menu_item():
    return FollowUpMenuItem(
        _("Read acknowledgements"),
        reverse("documents:acknowledgement_report"),
        icon_name="tick-inverse",
        order=210,
    )


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return FollowUpMenuItem(
        _("Reviews due"), reverse("documents:review_list"), icon_name="date", order=220
    )
