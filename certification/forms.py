"""Forms of the intranet pages: the filters of the municipality-wide view, and planning
or recording a certification audit (written through certification.services, whose
refusals come back on the fields)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Standard

from .models import ATTACHABLE_AUDIT_KINDS, Certification, CertificationAudit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OverviewFilterForm(forms.Form):
    standard = forms.ModelChoiceField(label=_("Standard or label"), required=False,
                                      empty_label=_("All"), queryset=Standard.objects.none())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *Certification.Status.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(
            is_active=True).order_by("name")

    def values(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"standard": None, "status": ""}
        return {"standard": self.cleaned_data.get("standard"),
                "status": self.cleaned_data.get("status") or ""}


class _ServiceErrors:
    def describe_errors(self) -> None:
        """Tie each field in error to its messages (aria-describedby), for screen
        readers; Django adds aria-invalid itself."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                ids = [f"{self[name].auto_id}-errors"]
                if self.fields[name].help_text:
                    ids.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(ids)

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal on the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error)


def _audit_field():
    return forms.ModelChoiceField(
        label=_("Audit recorded in the audit programme"), required=False, empty_label="—",
        queryset=Audit.objects.none(),
        help_text=_("Optional: the external or certification audit with its findings."))


def _audits_queryset():
    return (Audit.objects.not_cancelled().filter(kind__in=ATTACHABLE_AUDIT_KINDS)
            .order_by("-planned_start", "reference"))


class PlanForm(_ServiceErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Type of audit"), choices=CertificationAudit.Kind.choices)
    planned_date = forms.DateField(label=_("Planned date"), widget=DATE)
    audit = _audit_field()
    summary = forms.CharField(label=_("Notes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = _audits_queryset()


class RecordForm(_ServiceErrors, forms.Form):
    planned_date = forms.DateField(label=_("Planned date"), widget=DATE)
    held_date = forms.DateField(label=_("Held on"), required=False, widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=CertificationAudit.Result.choices)
    audit = _audit_field()
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = _audits_queryset()
