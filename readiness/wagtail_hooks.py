"""Back office of the certification readiness: the clause rules (which evidence kinds a
clause asks for, and the guidance for the pilot), edited by the quality engineer; the
declarations, the documents linked to clauses and the gaps turned into actions, inspected
only (they are written from the matrix page, through readiness.services) — by the quality
engineer (all) and the pilots (their services); auditors and the direction read the
matrices and packs on the intranet.
Nothing is deleted here; a clause rule is added only for a new clause."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from audits.models import Standard
from qms import evidence, roles
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from .models import ClauseAssessment, ClauseRule, DocumentClause, GapAction


class ClauseRulePermissionPolicy(ModelPermissionPolicy):
    """Rules are shipped with the clauses and changed here; one is added for a clause the
    quality engineer adds to a standard; never deleted."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class _ReadOnlyScoped(ServiceScopedPermissionPolicy):
    """Inspected only; everyone with oversight reads every row, a pilot their services'."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return roles.user_has_oversight(user) or (
            roles.user_has_role(user, roles.PILOT)
            and self._service_id(instance) in service_ids_of(user))

    def _service_id(self, instance):
        return instance.service_id

    def scope(self, user, queryset):
        if is_quality_engineer(user) or roles.user_has_oversight(user):
            return queryset
        return super().scope(user, queryset)


class DocumentClausePermissionPolicy(_ReadOnlyScoped):
    service_lookup = "page__controlleddocumentpage__owner_service"

    def _service_id(self, instance):
        page = getattr(instance.page, "controlleddocumentpage", None)
        return page.owner_service_id if page else None


register_permission_policy(ClauseRule, ClauseRulePermissionPolicy(ClauseRule))
register_permission_policy(ClauseAssessment, _ReadOnlyScoped(ClauseAssessment))
register_permission_policy(DocumentClause, DocumentClausePermissionPolicy(DocumentClause))
register_permission_policy(GapAction, _ReadOnlyScoped(GapAction))


class ClauseRuleForm(WagtailAdminModelForm):
    """The evidence kinds as tick boxes, from the kinds registered (qms.evidence)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "evidence_kinds" in self.fields:
            field = self.fields["evidence_kinds"]
            self.fields["evidence_kinds"] = forms.MultipleChoiceField(
                label=field.label, help_text=field.help_text, required=False,
                choices=[(code, f"{label} ({code})") for code, label in evidence.choices()],
                widget=forms.CheckboxSelectMultiple,
                initial=self.instance.evidence_kinds if self.instance.pk else [],
            )


class StandardFilterSet(WagtailFilterSet):
    standard = ModelChoiceFilter(label=_("standard or label"), field_name="criterion__standard",
                                 queryset=Standard.objects.order_by("name"))


class ClauseRuleFilterSet(StandardFilterSet):
    class Meta:
        model = ClauseRule
        fields = ["standard"]


class ClauseAssessmentFilterSet(StandardFilterSet):
    class Meta:
        model = ClauseAssessment
        fields = ["standard", "service", "status"]


class GapActionFilterSet(StandardFilterSet):
    class Meta:
        model = GapAction
        fields = ["standard", "service"]


def _kinds(rule):
    return ", ".join(rule.evidence_kinds) or "—"


_kinds.short_description = _("Evidence kinds")


class ClauseRuleViewSet(SnippetViewSet):
    model = ClauseRule
    icon = "list-ul"
    menu_label = _("Clause rules")
    list_display = ["criterion", _kinds]
    search_fields = ["guidance"]
    filterset_class = ClauseRuleFilterSet
    inspect_view_enabled = True
    ordering = ["criterion__standard__name", "criterion__order"]
    edit_handler = with_history(_("Clause rule"), [
        FieldPanel("criterion"), FieldPanel("evidence_kinds"),
        FieldPanel("guidance"),
    ], base_form_class=ClauseRuleForm)

    def get_queryset(self, request):
        return ClauseRule.objects.select_related("criterion__standard")


class ClauseAssessmentViewSet(ServiceScopedViewSet):
    model = ClauseAssessment
    icon = "tick"
    menu_label = _("Declarations")
    inspect_view_enabled = True
    list_display = ["service", "criterion", "status", "assessed_by",
                    DateColumn("assessed_at", label=_("Assessed at"), sort_key="assessed_at")]
    filterset_class = ClauseAssessmentFilterSet
    ordering = ["service__name", "criterion__standard__name", "criterion__order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "service", "criterion__standard", "assessed_by")


class DocumentClauseViewSet(ServiceScopedViewSet):
    model = DocumentClause
    icon = "doc-full"
    menu_label = _("Documents linked to clauses")
    inspect_view_enabled = True
    list_display = ["page", "criterion", "created_by",
                    DateColumn("created_at", label=_("Created"), sort_key="created_at")]
    ordering = ["criterion__standard__name", "criterion__order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "page", "criterion__standard", "created_by")


class GapActionViewSet(ServiceScopedViewSet):
    model = GapAction
    icon = "warning"
    menu_label = _("Gaps turned into actions")
    inspect_view_enabled = True
    list_display = ["service", "criterion", "gap", "action",
                    DateColumn("created_at", label=_("Created"), sort_key="created_at")]
    filterset_class = GapActionFilterSet
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "service", "criterion__standard", "action")


class ReadinessGroup(SnippetViewSetGroup):
    menu_label = _("Certification readiness")
    menu_icon = "tasks"
    menu_name = "readiness"
    menu_order = 285
    items = (ClauseRuleViewSet, ClauseAssessmentViewSet, DocumentClauseViewSet,
             GapActionViewSet)


register_snippet(ReadinessGroup)
