"""Back office of the certifications: the certifications (standard, services, site,
certificate) and their audits (the calendar entries: planned, held, result).

Who may do what: the roles' model permissions (migration 0002), narrowed by the policies
below (certification.permissions): the quality engineer works on every certification
and alone adds one; a pilot changes the certifications covering their services and plans
or records their audits. Nothing is deleted: a certification is archived, an audit
cancelled (untick "active"); the history stays. Every write goes through
certification.services (admin_forms)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSetGroup

from qms.models import Service
from qms.viewsets import (
    ScopedEditView,
    ServiceScopedPermissionPolicy,
    ServiceScopedViewSet,
    with_history,
)

from . import permissions
from .admin_forms import CertificationAdminForm, CertificationAuditAdminForm
from .models import Certification, CertificationAudit


class CertificationPermissionPolicy(ServiceScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if action == "add" and not permissions.can_add_certification(user):
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_edit_certification(user, instance)

    def scope(self, user, queryset):
        return permissions.editable_certifications(user, queryset)


class CertificationAuditPermissionPolicy(ServiceScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_manage_audits(user, instance.certification)

    def scope(self, user, queryset):
        return queryset.filter(
            certification__in=permissions.editable_certifications(user))


register_permission_policy(Certification, CertificationPermissionPolicy(Certification))
register_permission_policy(CertificationAudit,
                           CertificationAuditPermissionPolicy(CertificationAudit))


class _ThroughServicesMixin:
    """Save the form through certification.services; a refusal comes back on the form
    and nothing is written."""

    def form_valid(self, form):
        self.form = form
        try:
            self.object = form.save_through_services(self.request.user)
        except (ValidationError, PermissionDenied) as error:
            form.add_service_error(error if isinstance(error, ValidationError)
                                   else ValidationError(str(error)))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        log(instance=self.object, action=self.log_action, user=self.request.user)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class ThroughServicesCreateView(_ThroughServicesMixin, CreateView):
    log_action = "wagtail.create"


class ThroughServicesEditView(_ThroughServicesMixin, ScopedEditView):
    log_action = "wagtail.edit"


class CertificationFilterSet(WagtailFilterSet):
    service = ModelChoiceFilter(label=_("service"), field_name="services",
                                queryset=Service.objects.order_by("name"))

    class Meta:
        model = Certification
        fields = ["standard", "status", "service", "is_active"]


class CertificationAuditFilterSet(WagtailFilterSet):
    class Meta:
        model = CertificationAudit
        fields = ["certification__standard", "kind", "result", "is_active"]


class CertificationViewSet(ServiceScopedViewSet):
    model = Certification
    icon = "success"
    menu_label = _("Certifications")
    add_view_class = ThroughServicesCreateView
    edit_view_class = ThroughServicesEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "__str__", "status", "certifying_body",
        DateColumn("first_certified_on", label=_("First certified on"),
                   sort_key="first_certified_on"),
        DateColumn("valid_until", label=_("Valid until"), sort_key="valid_until"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["scope", "certificate_number", "certifying_body", "notes"]
    filterset_class = CertificationFilterSet
    ordering = ["standard__name", "pk"]
    edit_handler = with_history(_("Certification"), [
        FieldPanel("standard"), FieldPanel("services"), FieldPanel("site"),
        FieldPanel("scope"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("certifying_body")]),
        MultiFieldPanel([
            FieldPanel("certificate_number"), FieldPanel("certificate_file"),
            FieldRowPanel([FieldPanel("first_certified_on"), FieldPanel("valid_until")]),
        ], heading=_("Certificate")),
        FieldPanel("notes"), FieldPanel("is_active"),
    ], base_form_class=CertificationAdminForm)

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("standard")
                .prefetch_related("services"))


class CertificationAuditViewSet(ServiceScopedViewSet):
    model = CertificationAudit
    icon = "date"
    menu_label = _("Certification audits")
    add_view_class = ThroughServicesCreateView
    edit_view_class = ThroughServicesEditView
    copy_view_enabled = False
    list_display = [
        "certification", "kind",
        DateColumn("planned_date", label=_("Planned date"), sort_key="planned_date"),
        DateColumn("held_date", label=_("Held on"), sort_key="held_date"),
        "result", BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["summary"]
    filterset_class = CertificationAuditFilterSet
    ordering = ["-planned_date"]
    edit_handler = with_history(_("Certification audit"), [
        FieldPanel("certification"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("planned_date")]),
        FieldPanel("audit"),
        FieldRowPanel([FieldPanel("held_date"), FieldPanel("result")]),
        FieldPanel("summary"), FieldPanel("is_active"),
    ], base_form_class=CertificationAuditAdminForm)

    def get_queryset(self, request):
        return (super().get_queryset(request)
                .select_related("certification__standard", "audit")
                .prefetch_related("certification__services"))


class CertificationGroup(SnippetViewSetGroup):
    menu_label = _("Certifications")
    menu_icon = "success"
    menu_name = "certification"
    menu_order = 272
    items = (CertificationViewSet, CertificationAuditViewSet)


register_snippet(CertificationGroup)
