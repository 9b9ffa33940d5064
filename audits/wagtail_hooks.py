"""Back office of the audits: reference data (standards, clauses, checklist templates), the
auditor register, programmes, audits, findings and nonconformities, in one menu group.

The forms apply the same rules as audits.services: auditor independence, the audit's
status moves, numbering (AUD-YYYY-NN, NC-YYYY-NNN). Nonconformities are closed on their
intranet page (audits:nonconformity_close), where the blocking actions are listed; nothing
is deleted from the back office (cancel an audit, close a nonconformity)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qms import roles
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from . import permissions as perms
from .models import (
    Audit,
    Auditor,
    AuditorQualification,
    AuditProgramme,
    ChecklistTemplate,
    Criterion,
    Finding,
    Nonconformity,
    Standard,
    independence_errors,
)
from .services import audits as audit_services
from .services import nonconformity as nc_services


# --- permission policies -----------------------------------------------------------------------
class _NeverDelete:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class NeverDeletePolicy(_NeverDelete, ModelPermissionPolicy):
    pass


class NonconformityPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "service"

    def instance_allowed(self, user, instance):
        return perms.can_edit_nonconformity(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return (self.user_has_permission(user, "view")
                    and perms.can_view_nonconformity(user, instance))
        return super().user_has_permission_for_instance(user, action, instance)

    def scope(self, user, queryset):
        if perms.can_view_all(user):
            return queryset
        if not roles.user_has_role(user, roles.PILOT):
            return queryset.none()
        return super().scope(user, queryset)


for _model in (Standard, Criterion, ChecklistTemplate, Auditor, AuditorQualification,
               AuditProgramme, Audit, Finding):
    register_permission_policy(_model, NeverDeletePolicy(_model))
register_permission_policy(Nonconformity, NonconformityPermissionPolicy(Nonconformity))


# --- forms -------------------------------------------------------------------------------------
class AuditAdminForm(WagtailAdminModelForm):
    """Independence of the lead auditor and the team, the allowed status moves, and the
    audit's number given at creation."""

    def clean(self):
        cleaned = super().clean()
        services = cleaned.get("services")
        team = list(cleaned.get("team") or [])
        if services is not None:
            for message in independence_errors(services=services,
                                               auditors=[cleaned.get("lead_auditor"), *team]):
                self.add_error("team" if "team" in self.fields else None, message)
        status = cleaned.get("status")
        old = self.instance.status if self.instance.pk else Audit.Status.PLANNED
        if status and status != old and status not in audit_services.TRANSITIONS[old]:
            self.add_error("status", _("This status cannot follow the current one."))
        if (status == Audit.Status.CANCELLED
                and not (cleaned.get("cancellation_reason") or "").strip()):
            self.add_error("cancellation_reason",
                           _("Give the reason why the audit is cancelled."))
        if status in (Audit.Status.REPORTED, Audit.Status.CLOSED):
            if not (cleaned.get("conclusions") or "").strip():
                self.add_error("conclusions", _("Write the conclusions of the report."))
            if not cleaned.get("criteria_met"):
                self.add_error("criteria_met", _("Say to what degree the criteria are met."))
        return cleaned

    def save(self, commit=True):
        if not self.instance.reference and self.instance.planned_start:
            self.instance.reference = audit_services._next_reference(
                self.instance.planned_start.year)
        if not self.instance.created_by_id and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class FindingAdminForm(WagtailAdminModelForm):
    """A new finding is recorded through audits.services.finding_record (which opens the
    nonconformity of a nonconformity finding); its audit and kind are then fixed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("audit", "kind"):
                if name in self.fields:
                    self.fields[name].disabled = True
        elif "audit" in self.fields:
            self.fields["audit"].queryset = Audit.objects.filter(
                status__in=Audit.WORKING_STATUSES)

    def clean(self):
        cleaned = super().clean()
        audit = cleaned.get("audit")
        if not self.instance.pk and audit is not None and \
                not perms.can_write_findings(self.for_user, audit):
            self.add_error("audit", _("Only the quality engineer and the audit team record "
                                      "findings, while the audit is open."))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        data = self.cleaned_data
        fields = {name: data[name] for name in audit_services.FINDING_FIELDS
                  if name in data and data[name] not in (None, "")}
        self.instance = audit_services.finding_record(
            audit=data["audit"], kind=data["kind"], description=data["description"],
            user=self.for_user, **fields)
        return self.instance


def _why(i):
    return forms.CharField(label=_("Why? (%(n)s)") % {"n": i}, required=False, max_length=500)


def _cause(label):
    return forms.CharField(label=label, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NonconformityAdminForm(WagtailAdminModelForm):
    """The cause analysis as plain fields: five « why? » answers and the six Ishikawa
    categories, stored in the record's lists."""

    why_1, why_2, why_3, why_4, why_5 = (_why(i) for i in range(1, 6))
    cause_main_oeuvre = _cause(Nonconformity.Category.MANPOWER.label)
    cause_methodes = _cause(Nonconformity.Category.METHODS.label)
    cause_materiel = _cause(Nonconformity.Category.EQUIPMENT.label)
    cause_milieu = _cause(Nonconformity.Category.ENVIRONMENT.label)
    cause_matiere = _cause(Nonconformity.Category.MATERIALS.label)
    cause_mesure = _cause(Nonconformity.Category.MEASUREMENT.label)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        whys = list(self.instance.five_whys or [])
        for i in range(1, 6):
            self.initial.setdefault(f"why_{i}", whys[i - 1] if len(whys) >= i else "")
        causes = self.instance.ishikawa or {}
        for value in Nonconformity.Category.values:
            self.initial.setdefault(f"cause_{value}", causes.get(value, ""))

    def clean(self):
        cleaned = super().clean()
        self.instance.five_whys = [cleaned[f"why_{i}"].strip() for i in range(1, 6)
                                   if cleaned.get(f"why_{i}", "").strip()]
        self.instance.ishikawa = {
            value: cleaned[f"cause_{value}"].strip()
            for value in Nonconformity.Category.values
            if cleaned.get(f"cause_{value}", "").strip()}
        service = cleaned.get("service")
        if service is not None and not self.instance.pk and not \
                perms.can_declare_nonconformity(self.for_user, service):
            self.add_error("service", _("You may only declare nonconformities in your own "
                                        "service."))
        return cleaned

    def save(self, commit=True):
        nc = self.instance
        if not nc.reference:
            nc.reference = nc_services.next_reference(nc.detected_at.year)
            nc.created_by = self.for_user
            nc.detected_by = nc.detected_by or self.for_user
        if nc.root_cause.strip() and nc.status == Nonconformity.Status.OPEN:
            nc.status = Nonconformity.Status.ANALYSED
        return super().save(commit=commit)


# --- viewsets ----------------------------------------------------------------------------------
class StandardViewSet(SnippetViewSet):
    model = Standard
    icon = "doc-full"
    menu_label = _("Standards and labels")
    list_display = ["name", "code", "kind", "version",
                    BooleanColumn("is_active", label=_("Active"))]
    search_fields = ["name", "code"]
    edit_handler = with_history(_("Standard"), [
        FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("version"),
        FieldPanel("description"), FieldPanel("is_active")])


class CriterionFilterSet(WagtailFilterSet):
    class Meta:
        model = Criterion
        fields = ["standard", "is_active"]


class CriterionViewSet(SnippetViewSet):
    model = Criterion
    icon = "list-ul"
    menu_label = _("Clauses and commitments")
    list_display = ["reference", "title", "standard",
                    BooleanColumn("is_active", label=_("Active"))]
    list_per_page = 100
    search_fields = ["reference", "title", "guidance"]
    filterset_class = CriterionFilterSet
    edit_handler = with_history(_("Clause"), [
        FieldPanel("standard"), FieldRowPanel([FieldPanel("reference"), FieldPanel("order")]),
        FieldPanel("title"), FieldPanel("guidance"), FieldPanel("questions"),
        FieldPanel("is_active")])

    def get_queryset(self, request):
        return Criterion.objects.select_related("standard")


class ChecklistTemplateViewSet(SnippetViewSet):
    model = ChecklistTemplate
    icon = "tasks"
    menu_label = _("Checklist templates")
    list_display = ["name", BooleanColumn("is_active", label=_("Active"))]
    edit_handler = with_history(_("Checklist"), [
        FieldPanel("name"), FieldPanel("description"),
        FieldPanel("criteria", widget=forms.CheckboxSelectMultiple),
        FieldPanel("extra_questions"), FieldPanel("is_active")])


class AuditorViewSet(SnippetViewSet):
    model = Auditor
    icon = "user"
    menu_label = _("Auditor register")
    list_display = ["display_name", "organisation",
                    BooleanColumn("is_internal", label=_("Internal")),
                    BooleanColumn("is_lead_auditor", label=_("Lead auditor")),
                    BooleanColumn("is_active", label=_("Active"))]
    search_fields = ["name", "organisation"]
    edit_handler = with_history(_("Auditor"), [
        FieldPanel("user"), FieldPanel("name"), FieldPanel("organisation"), FieldPanel("email"),
        FieldRowPanel([FieldPanel("is_internal"), FieldPanel("is_lead_auditor"),
                       FieldPanel("is_active")]),
        FieldPanel("notes")])

    def get_queryset(self, request):
        return Auditor.objects.select_related("user")


class QualificationViewSet(SnippetViewSet):
    model = AuditorQualification
    icon = "success"
    menu_label = _("Auditor qualifications")
    list_display = ["auditor", "kind", "standard",
                    DateColumn("obtained_on", label=_("Obtained on")),
                    DateColumn("expires_on", label=_("Valid until"))]
    edit_handler = with_history(_("Qualification"), [
        FieldPanel("auditor"), FieldPanel("kind"), FieldPanel("standard"),
        FieldRowPanel([FieldPanel("obtained_on"), FieldPanel("expires_on")]),
        FieldPanel("description")])

    def get_queryset(self, request):
        return AuditorQualification.objects.select_related("auditor__user", "standard")


class ProgrammeViewSet(SnippetViewSet):
    model = AuditProgramme
    icon = "date"
    menu_label = _("Audit programmes")
    list_display = ["year", "title", "status",
                    DateColumn("approved_at", label=_("Approved on"))]
    edit_handler = with_history(_("Programme"), [
        FieldRowPanel([FieldPanel("year"), FieldPanel("title")]),
        FieldPanel("objectives"), FieldPanel("scope"), FieldPanel("risks"),
        FieldPanel("methods"),
        MultiFieldPanel([FieldPanel("status", read_only=True),
                         FieldPanel("approved_by", read_only=True),
                         FieldPanel("approved_at", read_only=True)],
                        heading=_("Approval by the direction (on the programme page)"))])


class AuditFilterSet(WagtailFilterSet):
    class Meta:
        model = Audit
        fields = ["programme", "kind", "status", "services"]


class AuditViewSet(SnippetViewSet):
    model = Audit
    icon = "search"
    menu_label = _("Audits")
    list_display = ["reference", "title", "kind", "status",
                    DateColumn("planned_start", label=_("Planned start")), "lead_auditor"]
    search_fields = ["reference", "title"]
    filterset_class = AuditFilterSet
    ordering = ["planned_start"]
    edit_handler = with_history(_("Audit"), [
        FieldPanel("programme"), FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("processes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("auditee"),
        FieldPanel("criteria"),
        MultiFieldPanel([FieldPanel("lead_auditor"),
                         FieldPanel("team", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Audit team")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                         FieldRowPanel([FieldPanel("held_start"), FieldPanel("held_end")]),
                         FieldPanel("places")], heading=_("Dates and places")),
        FieldPanel("objectives"), FieldPanel("scope"), FieldPanel("plan"),
        MultiFieldPanel([FieldPanel("conclusions"), FieldPanel("criteria_met"),
                         FieldPanel("disagreements"), FieldPanel("not_covered"),
                         FieldPanel("distribution")], heading=_("Report")),
        FieldPanel("cancellation_reason"),
    ], base_form_class=AuditAdminForm)

    def get_queryset(self, request):
        return Audit.objects.select_related("lead_auditor__user", "programme")


class FindingFilterSet(WagtailFilterSet):
    class Meta:
        model = Finding
        fields = ["audit", "kind", "service"]


class FindingViewSet(SnippetViewSet):
    model = Finding
    icon = "warning"
    menu_label = _("Findings")
    list_display = ["audit", "kind", "clause_reference", "service"]
    filterset_class = FindingFilterSet
    search_fields = ["description", "evidence", "clause_reference"]
    edit_handler = with_history(_("Finding"), [
        FieldPanel("audit"), FieldPanel("kind"),
        FieldPanel("criterion"), FieldPanel("clause_reference"), FieldPanel("process"),
        FieldPanel("service"), FieldPanel("description"), FieldPanel("evidence")],
        base_form_class=FindingAdminForm)

    def get_queryset(self, request):
        return Finding.objects.select_related("audit", "service")


class NonconformityFilterSet(WagtailFilterSet):
    class Meta:
        model = Nonconformity
        fields = ["service", "status", "source_kind", "severity"]


class NonconformityViewSet(ServiceScopedViewSet):
    model = Nonconformity
    icon = "warning"
    menu_label = _("Nonconformities")
    list_display = ["reference", "title", "service", "status",
                    DateColumn("detected_at", label=_("Detected on")),
                    DateColumn("target_closure_date", label=_("Target closure date"))]
    search_fields = ["reference", "title", "description"]
    filterset_class = NonconformityFilterSet
    edit_handler = with_history(_("Nonconformity"), [
        FieldPanel("title"), FieldRowPanel([FieldPanel("severity"), FieldPanel("source_kind")]),
        FieldPanel("finding"), FieldPanel("service"), FieldPanel("process"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("detected_at"), FieldPanel("detected_by")]),
        FieldPanel("immediate_correction"),
        MultiFieldPanel([FieldPanel("analysis_method"),
                         *[FieldPanel(f"why_{i}") for i in range(1, 6)],
                         *[FieldPanel(f"cause_{v}") for v in Nonconformity.Category.values],
                         FieldPanel("root_cause"), FieldPanel("extent")],
                        heading=_("Cause analysis")),
        FieldRowPanel([FieldPanel("target_closure_date"), FieldPanel("risk")]),
        FieldPanel("status", read_only=True),
    ], base_form_class=NonconformityAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class AuditsGroup(SnippetViewSetGroup):
    menu_label = _("Audits and NCs")
    menu_icon = "search"
    menu_name = "audits"
    menu_order = 270
    items = (ProgrammeViewSet, AuditViewSet, FindingViewSet, NonconformityViewSet,
             AuditorViewSet, QualificationViewSet, StandardViewSet, CriterionViewSet,
             ChecklistTemplateViewSet)


register_snippet(AuditsGroup)

