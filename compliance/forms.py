"""Forms of the intranet pages: the register's filters and the evaluation form (one row
per active requirement of the text)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.models import Service, User

from .models import Regulation, Status, Topic
from .selectors import RegisterFilters


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    service = forms.ModelChoiceField(label=_("Service"), required=False, empty_label="—",
                                     queryset=Service.objects.none())
    topic = forms.ModelChoiceField(label=_("Topic"), required=False, empty_label="—",
                                   queryset=Topic.objects.none())
    applicability = forms.ChoiceField(label=_("Applicability"), required=False,
                                      choices=[("", "—"), *Regulation.Applicability.choices])
    late = forms.BooleanField(label=_("Evaluation late"), required=False)
    archived = forms.BooleanField(label=_("Include archived texts"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name").only(
            "pk", "name")
        self.fields["topic"].queryset = Topic.objects.order_by("name")

    def filters(self) -> RegisterFilters:
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(
            service=data.get("service"), topic=data.get("topic"),
            applicability=data.get("applicability") or "", late=bool(data.get("late")),
            include_archived=bool(data.get("archived")), q=(data.get("q") or "").strip(),
        )


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Date of the evaluation"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=User.objects.none())
    comment = forms.CharField(label=_("Overall comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name")
        self.initial.setdefault("evaluated_on", timezone.localdate())
        if user is not None:
            self.initial.setdefault("assessor", user.pk)


class ResultForm(forms.Form):
    STATUS_CHOICES = [("", _("— not evaluated —")), *Status.choices]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    evidence = forms.CharField(label=_("Evidence or justification"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, requirement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement = requirement

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("evidence") and not cleaned.get("status"):
            self.add_error("status", _("Choose the status of this requirement."))
        return cleaned


def result_forms(requirements, data=None) -> list[ResultForm]:
    return [ResultForm(data, prefix=f"req-{req.pk}", requirement=req) for req in requirements]
