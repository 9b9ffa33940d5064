"""The intranet forms of the audits app: on the audit page, record a finding, build the
checklist, answer its questions; on a nonconformity's page, the immediate correction, the
cause analysis and a corrective action; the filters of the nonconformity list and of the
auditor register. They collect input; the rules are those of audits.services, whose errors
are shown beside the fields (`add_service_errors`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from processes.models import Process
from qms.models import Service
from qms.permissions import service_ids_of

from . import permissions as perms
from .models import ChecklistItem, ChecklistTemplate, Criterion, Finding, Nonconformity

User = get_user_model()


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside its field when the form has
    it, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    criterion = forms.ModelChoiceField(label=_("Clause or commitment"), required=False,
                                       queryset=Criterion.objects.none())
    clause_reference = forms.CharField(label=_("Clause reference"), required=False,
                                       max_length=80,
                                       help_text=_("If no clause above: e.g. an internal "
                                                   "procedure."))
    service = forms.ModelChoiceField(label=_("Service"), required=False,
                                     queryset=Service.objects.none(),
                                     help_text=_("The service that will treat a "
                                                 "nonconformity."))
    process = forms.ModelChoiceField(label=_("Process"), required=False,
                                     queryset=Process.objects.none())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(
        attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    target_closure_date = forms.DateField(
        label=_("Target closure date"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a nonconformity."))

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, prefix="finding", **kwargs)
        self.audit = audit
        criteria = audit.criteria.all()
        self.fields["criterion"].queryset = (
            criteria if criteria.exists() else Criterion.objects.filter(is_active=True)
        ).select_related("standard")
        self.fields["service"].queryset = audit.services.all()
        processes = audit.processes.all()
        self.fields["process"].queryset = (processes if processes.exists()
                                           else Process.objects.all())
        services = list(audit.services.all())
        if len(services) == 1:
            self.fields["service"].initial = services[0].pk

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("criterion", "clause_reference", "process",
                                                "service", "evidence")
                  if data.get(name) not in (None, "")}
        return fields


class ChecklistBuildForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Checklist template"), required=False,
        queryset=ChecklistTemplate.objects.filter(is_active=True),
        help_text=_("Leave empty to use the audit's criteria only."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="build", **kwargs)


class ChecklistAnswerForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["answer", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        """The rules are checked by audits.services.checklist_answer."""


ChecklistFormSet = forms.modelformset_factory(ChecklistItem, form=ChecklistAnswerForm,
                                             extra=0, can_delete=False)


# --- the nonconformity page ------------------------------------------------------------------
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The « why? » answers offered on the page (the model keeps at most 7).
WHY_COUNT = 5


class CorrectionForm(forms.Form):
    """The immediate correction (what was done at once to contain the nonconformity),
    written through audits.services.nonconformity_update."""

    immediate_correction = forms.CharField(
        label=_("Immediate correction"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done at once to contain the nonconformity."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="correction", **kwargs)


class AnalysisForm(forms.Form):
    """The cause analysis: the method, up to five « why? » answers or the causes found in
    each Ishikawa category, the root cause and the extent (similar cases elsewhere).
    The rules are those of audits.services.nonconformity_record_analysis."""

    #: Where the service's errors on the stored lists go on this form.
    ERROR_FIELDS = {"five_whys": "why_1", "ishikawa": f"cause_{Nonconformity.Category.values[0]}",
                    "analysis_method": "method"}

    method = forms.ChoiceField(label=_("Cause analysis method"),
                               choices=Nonconformity.Method.choices,
                               widget=forms.RadioSelect)
    root_cause = forms.CharField(label=_("Root cause"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    extent = forms.CharField(label=_("Extent"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Similar cases elsewhere (other services, sites, "
                                         "processes)."))

    def __init__(self, *args, nc: Nonconformity, **kwargs):
        super().__init__(*args, prefix="analysis", **kwargs)
        whys = list(nc.five_whys or [])
        for i in range(1, WHY_COUNT + 1):
            self.fields[f"why_{i}"] = forms.CharField(
                label=_("Why? (%(n)s)") % {"n": i}, required=False, max_length=500)
            self.initial.setdefault(f"why_{i}", whys[i - 1] if len(whys) >= i else "")
        causes = nc.ishikawa or {}
        for value, label in Nonconformity.Category.choices:
            self.fields[f"cause_{value}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.initial.setdefault(f"cause_{value}", causes.get(value, ""))
        self.initial.setdefault("method", nc.analysis_method or Nonconformity.Method.FIVE_WHYS)
        self.initial.setdefault("root_cause", nc.root_cause)
        self.initial.setdefault("extent", nc.extent)

    def why_fields(self):
        return [self[f"why_{i}"] for i in range(1, WHY_COUNT + 1)]

    def cause_fields(self):
        return [self[f"cause_{value}"] for value in Nonconformity.Category.values]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "method": data["method"],
            "root_cause": data["root_cause"],
            "five_whys": [data[f"why_{i}"] for i in range(1, WHY_COUNT + 1)],
            "ishikawa": {value: data[f"cause_{value}"]
                         for value in Nonconformity.Category.values},
            "extent": data["extent"],
        }

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                name = self.ERROR_FIELDS.get(name, name)
                for message in errors:
                    self.add_error(name if name in self.fields else None, message)
        else:
            add_service_errors(self, error)


class CorrectiveActionForm(forms.Form):
    """A corrective action planned from the nonconformity's page, in the one action plan
    (audits.services.nonconformity_add_action)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    expected_result = forms.CharField(label=_("Expected result"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.fields["owner"].queryset = (User.objects.filter(is_active=True)
                                         .select_related("service")
                                         .order_by("last_name", "first_name", "username"))
        self.fields["owner"].label_from_instance = (
            lambda u: f"{u} ({u.service})" if u.service_id else str(u))

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("description", "start_date", "expected_result")
                if data.get(name) not in (None, "")}


# --- the nonconformity list and the auditor register -----------------------------------------
class NcFilterForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), required=False,
                                     queryset=Service.objects.none(), empty_label="—")
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", "—"), ("open_all", _("Not closed")),
                                        *Nonconformity.Status.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Service.objects.active().order_by("name")
        if not perms.can_view_all(user):
            queryset = queryset.filter(pk__in=service_ids_of(user))
        self.fields["service"].queryset = queryset

    def filter(self, queryset):
        """The nonconformities of `queryset` that the valid filters keep."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["service"]:
            queryset = queryset.filter(service=data["service"])
        if data["status"] == "open_all":
            queryset = queryset.open()
        elif data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["overdue"]:
            queryset = queryset.overdue()
        return queryset


class AuditorFilterForm(forms.Form):
    inactive = forms.BooleanField(label=_("Include the auditors no longer active"),
                                  required=False)
