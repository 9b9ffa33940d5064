"""Shared pieces of the back office: a permission policy and a snippet viewset that narrow
a model's rows to the services of the user (a pilot works on the records of their
services; the quality engineer on all), and the tabbed edit form with a History tab.

Every app registers its service-scoped snippets with these, so the rule "a pilot edits
only their service's records" is written once."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets import views as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from . import roles
from .panels import HistoryPanel
from .permissions import is_quality_engineer, service_ids_of


class ServiceScopedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions of the user's groups, narrowed for everyone but the quality
    engineer to the rows of their own services: a pilot sees and edits the objectives and
    indicators of their services only."""

    #: The lookup from the model to its service.
    service_lookup = "service"

    def instance_allowed(self, user, instance) -> bool:
        raise NotImplementedError

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return is_quality_engineer(user) or self.instance_allowed(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def scope(self, user, queryset):
        """The rows of `queryset` the user works on."""
        if is_quality_engineer(user):
            return queryset
        if not roles.user_has_role(user, roles.PILOT):
            return queryset.none()
        return queryset.filter(**{f"{self.service_lookup}__in": service_ids_of(user)})

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())


# --- Views that refuse the rows outside the user's scope ----------------------------------


class _InstanceCheckMixin:
    """Refuse (403) an object the policy does not let the user work on."""

    instance_action = "change"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, obj
        ):
            raise PermissionDenied
        return obj


class ScopedEditView(_InstanceCheckMixin, snippet_views.snippets.EditView):
    instance_action = "change"


class ScopedDeleteView(_InstanceCheckMixin, snippet_views.snippets.DeleteView):
    instance_action = "delete"


class ScopedCopyView(_InstanceCheckMixin, snippet_views.snippets.CopyView):
    instance_action = "view"


class ScopedHistoryView(_InstanceCheckMixin, snippet_views.snippets.HistoryView):
    instance_action = "view"


class ScopedUsageView(_InstanceCheckMixin, snippet_views.snippets.UsageView):
    instance_action = "view"


class ScopedInspectView(_InstanceCheckMixin, snippet_views.snippets.InspectView):
    instance_action = "view"


class ServiceScopedViewSet(SnippetViewSet):
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    copy_view_class = ScopedCopyView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = ScopedInspectView

    def get_queryset(self, request):
        policy = self.permission_policy
        return policy.scope(request.user, self.model._default_manager.all())




def with_history(heading, panels, **kwargs):
    """A tabbed edit form: the fields, then the record's history."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading), ObjectList([HistoryPanel()], heading=_("History"))],
        **kwargs,
    )
