"""Forms of the intranet pages: the register's filters, recording a training and
evaluating its effectiveness. The model's validation (competence.models.Training.clean)
runs in the services; its messages come back onto these forms' fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.models import Service, User

from . import permissions
from .models import CERTIFICATE_EXTENSIONS, Competence, Training
from .selectors import RegisterFilters


class RegisterFilterForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), required=False, empty_label="—",
                                     queryset=Service.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int,
                                  empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", "—"), *Training.Status.choices])
    pending = forms.BooleanField(label=_("Effectiveness to be evaluated"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = permissions.visible_services(user).order_by(
            "name").only("pk", "name")
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "—")] + [
            (year, str(year)) for year in range(this_year + 1, this_year - 6, -1)]

    def filters(self) -> RegisterFilters:
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(service=data.get("service"), year=data.get("year"),
                               status=data.get("status") or "",
                               pending=bool(data.get("pending")))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TrainingForm(forms.ModelForm):
    """A training of an agent the user manages."""

    class Meta:
        model = Training
        fields = ["agent", "title", "date", "end_date", "organiser_kind", "organiser", "hours",
                  "status", "competences", "certificate"]
        widgets = {
            "date": DateInput(), "end_date": DateInput(),
            "competences": forms.CheckboxSelectMultiple(),
            "hours": forms.NumberInput(attrs={"step": "0.5"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active person is accepted here, so that the services refuse an agent of
        # another service with their own message (403); the list offers the user's agents.
        agent = self.fields["agent"]
        agent.queryset = User.objects.filter(is_active=True)
        agent.widget.choices = [("", "---------")] + [
            (u.pk, f"{u.get_full_name() or u.username} — {u.service or ''}")
            for u in permissions.manageable_agents(user).select_related("service")
            .order_by("last_name", "first_name")]
        self.fields["competences"].queryset = Competence.objects.filter(is_active=True)
        self.fields["certificate"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in CERTIFICATE_EXTENSIONS)
        # the model checks hours > 0 with its own message (a browser would refuse first)
        self.fields["hours"].widget.attrs.pop("min", None)

    def _post_clean(self):
        # The services validate the model (full_clean) and save it.
        pass

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("competences", None)
        if not data.get("certificate"):
            data.pop("certificate", None)
        data["end_date"] = data.get("end_date")
        data["organiser"] = data.get("organiser") or ""
        return data


class EvaluationForm(forms.Form):
    result = forms.ChoiceField(label=_("Effectiveness"), choices=[
        choice for choice in Training.Result.choices if choice[0] != Training.Result.PENDING])
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput())
    comment = forms.CharField(label=_("Comment"), required=False,
                              help_text=_("What changed in the agent's work since the "
                                          "training."),
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("evaluated_on", timezone.localdate())

    def add_service_error(self, error: ValidationError) -> None:
        mapping = {"effectiveness_comment": "comment", "effectiveness_result": "result",
                   "evaluated_on": "evaluated_on"}
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(mapping.get(name), messages)
        else:
            self.add_error(None, error)
