"""Back office of the risk & impact sheets: the sheets (one per process, or per service for
its own risks) and their risks and opportunities, in the "Processes and risks" menu group
(processes/wagtail_hooks.py).

Who may do what: the roles' model permissions (data migration 0003), narrowed by the
permission policies below to the sheets and risks of the user's services for a pilot
(qms.viewsets; the rule itself is processes.services.risks.can_edit_risk_sheet), every
sheet for the quality engineer. Nothing is deleted from the back office: a risk or a sheet
is archived (untick "active"), its history stays. The forms validate through the models'
`clean` (scales 1-4, a treatment that fits the kind, both residual scores or neither)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.permissions import register_permission_policy

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from .models import Criticality, Process, Risk, RiskSheet
from .services.risks import can_edit_risk, can_edit_risk_sheet, next_risk_reference

# --- Permission policies ----------------------------------------------------------------------


class _NeverDelete:
    """Archived, never deleted from the back office (the history keeps them)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class RiskSheetPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "service"

    def instance_allowed(self, user, instance):
        return can_edit_risk_sheet(user, instance)


class RiskPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "sheet__service"

    def instance_allowed(self, user, instance):
        return can_edit_risk(user, instance)


sheet_policy = RiskSheetPermissionPolicy(RiskSheet)
risk_policy = RiskPermissionPolicy(Risk)
register_permission_policy(RiskSheet, sheet_policy)
register_permission_policy(Risk, risk_policy)


# --- Forms ------------------------------------------------------------------------------------


def _editable_sheets(user):
    sheets = RiskSheet.objects.select_related("process").order_by("process__code", "title")
    if user is None or is_quality_engineer(user):
        return sheets
    return sheets.filter(service__in=service_ids_of(user))


class RiskSheetAdminForm(WagtailAdminModelForm):
    """A pilot keeps the sheets of their services: the process list holds the processes of
    their services, the service list their services."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "process" in self.fields:
            field = self.fields["process"]
            field.widget = forms.Select()
            field.queryset = Process.objects.active().order_by("code")
            if user is not None and not is_quality_engineer(user):
                field.queryset = field.queryset.filter(service__in=service_ids_of(user))
        if "service" in self.fields:
            field = self.fields["service"]
            field.widget = forms.Select()
            field.queryset = Service.objects.active().order_by("name")
            if user is not None and not is_quality_engineer(user):
                field.queryset = field.queryset.filter(pk__in=service_ids_of(user))


class RiskAdminForm(WagtailAdminModelForm):
    """The sheet among those the user keeps; the interested parties impacted ticked in a
    list; the reference given by the sheet's numbering when left empty."""

    impacted_parties = forms.MultipleChoiceField(
        label=_("interested parties impacted"), required=False,
        choices=Risk.ImpactedParty.choices, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sheet" in self.fields:
            self.fields["sheet"].widget = forms.Select()
            self.fields["sheet"].queryset = _editable_sheets(self.for_user)
        if "reference" in self.fields:
            self.fields["reference"].required = False
            self.fields["reference"].help_text = _(
                "Left empty, the sheet's next number is given (R-PRC-R01-07)."
            )
        if "impacted_parties" in self.fields:
            self.initial["impacted_parties"] = list(self.instance.impacted_parties or [])

    def clean(self):
        cleaned = super().clean()
        sheet = cleaned.get("sheet")
        if "reference" in self.fields and not cleaned.get("reference") and sheet is not None:
            cleaned["reference"] = next_risk_reference(sheet)
        return cleaned


# --- Filters ----------------------------------------------------------------------------------


def _level_filter(queryset, name, value):
    return queryset.of_level(value) if value else queryset


class RiskSheetFilterSet(WagtailFilterSet):
    family = ChoiceFilter(label=_("process family"), field_name="process__family",
                          choices=Process.Family.choices)

    class Meta:
        model = RiskSheet
        fields = ["family", "service", "is_active"]


class RiskFilterSet(WagtailFilterSet):
    process = ModelChoiceFilter(
        label=_("process"), field_name="sheet__process",
        queryset=Process.objects.order_by("code"),
    )
    service = ModelChoiceFilter(
        label=_("service"), field_name="sheet__service",
        queryset=Service.objects.order_by("name"),
    )
    level = ChoiceFilter(label=_("criticality"), choices=Criticality.choices,
                         method=_level_filter)

    class Meta:
        model = Risk
        fields = ["process", "service", "kind", "level", "treatment", "is_active"]


# --- Columns ----------------------------------------------------------------------------------


class CriticalityColumn(Column):
    """"3 × 4 = 12 · Critical": the score and its level in words (readable without colour)."""

    def get_value(self, instance):
        if not instance.likelihood or not instance.severity:
            return "—"
        return (f"{instance.likelihood} × {instance.severity} = {instance.criticality} · "
                f"{instance.criticality_level.label}")


# --- Viewsets ---------------------------------------------------------------------------------


class RiskSheetViewSet(ServiceScopedViewSet):
    model = RiskSheet
    icon = "warning"
    menu_label = _("Risk sheets")
    inspect_view_enabled = True
    list_display = [
        "title", "process", "service", "reviewer",
        DateColumn("last_reviewed_at", label=_("Last reviewed on"), sort_key="last_reviewed_at"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["title", "scope"]
    filterset_class = RiskSheetFilterSet
    ordering = ["process__code", "title"]
    edit_handler = with_history(_("Risk sheet"), [
        FieldPanel("process"), FieldPanel("service"), FieldPanel("title"), FieldPanel("scope"),
        MultiFieldPanel([FieldPanel("reviewer"), FieldPanel("last_reviewed_at")],
                        heading=_("Review of the sheet")),
        FieldPanel("is_active"),
    ], base_form_class=RiskSheetAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("process", "service", "reviewer")


class RiskViewSet(ServiceScopedViewSet):
    model = Risk
    icon = "warning"
    menu_label = _("Risks and opportunities")
    inspect_view_enabled = True
    list_display = [
        "reference", "title", "kind", "sheet",
        CriticalityColumn("criticality", label=_("Criticality")),
        "treatment",
        DateColumn("review_date", label=_("Next review"), sort_key="review_date"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["reference", "title", "description", "cause", "consequence"]
    filterset_class = RiskFilterSet
    ordering = ["reference"]
    edit_handler = with_history(_("Risk or opportunity"), [
        FieldPanel("sheet"), FieldPanel("reference"), FieldPanel("kind"), FieldPanel("title"),
        FieldPanel("description"), FieldPanel("cause"), FieldPanel("consequence"),
        FieldPanel("origin_issue"), FieldPanel("impacted_parties"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("likelihood"), FieldPanel("severity")])],
                        heading=_("Rating before treatment")),
        FieldPanel("existing_controls"),
        MultiFieldPanel([FieldPanel("treatment"), FieldPanel("treatment_rationale")],
                        heading=_("Treatment decision")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("residual_likelihood"),
                                        FieldPanel("residual_severity")])],
                        heading=_("Residual rating after treatment")),
        MultiFieldPanel([FieldPanel("reviewed_at"), FieldPanel("reviewer"),
                         FieldPanel("review_date")], heading=_("Periodic review")),
        FieldPanel("is_active"),
    ], base_form_class=RiskAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sheet__process")


VIEWSETS = [RiskSheetViewSet, RiskViewSet]
