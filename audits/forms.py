"""The intranet forms of the audit page: record a finding, build the checklist, answer
its questions. They collect input; the rules are those of audits.services, whose errors
are shown beside the fields (`add_service_errors`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from processes.models import Process
from qms.models import Service

from .models import ChecklistItem, ChecklistTemplate, Criterion, Finding


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
