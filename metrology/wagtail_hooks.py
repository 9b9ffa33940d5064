"""Back office of the measuring resources: the resources, and their verifications (read
only here: recorded from a resource's page on the intranet through
metrology.services.verification_record).

Who may do what: the roles' model permissions (migration 0002), narrowed to the
resources of the user's services for a pilot, every resource for the quality engineer.
Nothing is deleted: a resource is retired (status), its history stays."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from . import permissions
from .models import MeasuringResource, Verification


class ResourcePermissionPolicy(ServiceScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_edit_resource(user, instance)


class VerificationPermissionPolicy(ServiceScopedPermissionPolicy):
    """Read only in the back office (recorded on the intranet)."""

    service_lookup = "resource__service"

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_view_resource(user, instance.resource)

    def scope(self, user, queryset):
        return queryset.filter(resource__in=permissions.visible_resources(user))


register_permission_policy(MeasuringResource, ResourcePermissionPolicy(MeasuringResource))
register_permission_policy(Verification, VerificationPermissionPolicy(Verification))


class ResourceAdminForm(WagtailAdminModelForm):
    """A pilot keeps the resources of their services (a plain list of them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "service" in self.fields:
            qs = Service.objects.active()
            if user is not None and not is_quality_engineer(user):
                qs = Service.objects.filter(pk__in=service_ids_of(user))
            self.fields["service"].queryset = qs.order_by("name")
        if "indicators" in self.fields:
            self.fields["indicators"].widget = forms.SelectMultiple(attrs={"size": 8})


class ResourceFilterSet(WagtailFilterSet):
    class Meta:
        model = MeasuringResource
        fields = ["kind", "service", "method", "status"]


class ResourceViewSet(ServiceScopedViewSet):
    model = MeasuringResource
    icon = "time"
    menu_label = _("Measuring resources")
    inspect_view_enabled = True
    list_display = ["name", "identifier", "kind", "service", "method", "status"]
    search_fields = ["name", "identifier", "location", "measures"]
    filterset_class = ResourceFilterSet
    ordering = ["name"]
    edit_handler = with_history(_("Measuring resource"), [
        FieldRowPanel([FieldPanel("name"), FieldPanel("identifier")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("service"),
        FieldRowPanel([FieldPanel("site"), FieldPanel("location")]),
        FieldPanel("measures"), FieldPanel("indicators"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("method"), FieldPanel("interval_months")]),
                         FieldPanel("provider")], heading=_("Verification")),
    ], base_form_class=ResourceAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class VerificationViewSet(ServiceScopedViewSet):
    model = Verification
    icon = "tick"
    menu_label = _("Verifications")
    inspect_view_enabled = True
    list_display = ["resource",
                    DateColumn("performed_on", label=_("Performed on"), sort_key="performed_on"),
                    "result", DateColumn("next_due", label=_("Next due"))]
    ordering = ["-performed_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("resource")


class MetrologyGroup(SnippetViewSetGroup):
    menu_label = _("Measuring resources")
    menu_icon = "time"
    menu_name = "metrology"
    menu_order = 276
    items = (ResourceViewSet, VerificationViewSet)


register_snippet(MetrologyGroup)
