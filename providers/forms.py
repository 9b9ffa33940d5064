"""Forms of the intranet pages: the register's filters and the evaluation form (one
score per active criterion)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.models import Service, User

from .models import Evaluation, EvaluationScore, Provider
from .selectors import RegisterFilters

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Type of provider"), required=False,
                             choices=[("", "—"), *Provider.Kind.choices])
    service = forms.ModelChoiceField(label=_("Service"), required=False, empty_label="—",
                                     queryset=Service.objects.none())
    overdue = forms.BooleanField(label=_("Evaluation overdue"), required=False)
    archived = forms.BooleanField(label=_("Include archived providers"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name").only(
            "pk", "name")

    def filters(self) -> RegisterFilters:
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(
            kind=data.get("kind") or "", service=data.get("service"),
            overdue=bool(data.get("overdue")), include_archived=bool(data.get("archived")),
            q=(data.get("q") or "").strip(),
        )


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Date of the evaluation"),
                                   widget=DATE)
    period_start = forms.DateField(label=_("Period covered from"), required=False,
                                   widget=DATE)
    period_end = forms.DateField(label=_("Period covered to"), required=False,
                                 widget=DATE)
    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Evaluation.Conclusion.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the provider is not simply approved: what must change."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name")
        self.initial.setdefault("evaluated_on", timezone.localdate())
        if user is not None:
            self.initial.setdefault("evaluator", user.pk)


class ScoreForm(forms.Form):
    CHOICES = [("", _("— choose —")), *[(str(v), label) for v, label
                                         in EvaluationScore.Mark.choices]]

    score = forms.ChoiceField(label=_("Score"), choices=CHOICES, required=False)
    comment = forms.CharField(label=_("Remark"), required=False, max_length=500)

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion


def score_forms(criteria, data=None) -> list[ScoreForm]:
    return [ScoreForm(data, prefix=f"crit-{c.pk}", criterion=c) for c in criteria]
