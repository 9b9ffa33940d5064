"""Forms of the working groups' pages: news, ideas and their answers, members,
meetings, proposals, decisions, and the proposal list's filters.

The forms check the input; the writes go through innovation.services, whose refusals
(ValidationError) are put back on the form by `add_service_errors`, so the user sees the
service's own message next to what they typed."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from qms.models import Service

from .models import Arbitration, Idea, Meeting, Proposal
from .services.proposals import EDITABLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has that
    field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


def _people():
    return get_user_model().objects.filter(is_active=True).order_by(
        "last_name", "first_name", "username")


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    contract = forms.ModelChoiceField(label=_("Contract concerned"), required=False,
                                      queryset=None, empty_label=_("The whole programme"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = programme.contracts.order_by("number")


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea in a few words"), max_length=255)
    description = forms.CharField(
        label=_("Describe it"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What would change for the users or the agents, and how."))


class IdeaAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    answer = forms.CharField(label=_("The group's answer"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The agent reads it; say why when the idea is "
                                         "not retained."))


class MemberForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Agent"), queryset=None)
    is_manager = forms.BooleanField(label=_("Manager"), required=False)
    is_volunteer = forms.BooleanField(label=_("Volunteer"), required=False)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _people()

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "user" in error.error_dict:
            error = ValidationError({"member": error.error_dict["user"]})
        add_service_errors(self, error)


class MeetingForm(forms.Form):
    number = forms.IntegerField(label=_("Meeting number"), min_value=1,
                                help_text=_("The same number updates that meeting."))
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    agenda = forms.CharField(label=_("Agenda"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Required once the meeting is held."))
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        people = set(group.memberships.values_list("user_id", flat=True)) | {
            group.facilitator_id, group.referent_id}
        self.fields["attendees"].queryset = _people().filter(pk__in=people)


class ProposalForm(forms.ModelForm):
    """Every field the group writes on its proposal; on creation, the ideas it takes up."""

    reason = forms.CharField(label=_("What changed, and why"), required=False,
                             max_length=100)

    class Meta:
        model = Proposal
        fields = ["title", "description", "services", "deadline", "people_needed",
                  "operating_budget", "investment_budget", "expected_results",
                  "gain_money", "gain_time", "gain_quality", "gain_environment",
                  "impact_working_conditions", "impact_environment",
                  "impact_running_costs", "indicators", "ideas"]
        widgets = {
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "gain_quality": forms.Textarea(attrs={"rows": 2}),
            "gain_environment": forms.Textarea(attrs={"rows": 2}),
            "impact_working_conditions": forms.Textarea(attrs={"rows": 2}),
            "impact_environment": forms.Textarea(attrs={"rows": 2}),
            "impact_running_costs": forms.Textarea(attrs={"rows": 2}),
            "services": forms.SelectMultiple(attrs={"size": 8}),
            "indicators": forms.SelectMultiple(attrs={"size": 6}),
            "ideas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = Service.objects.active().order_by("name")
        self.fields["indicators"].queryset = Indicator.objects.filter(
            is_active=True).order_by("code")
        self.fields["indicators"].required = False
        if self.instance.pk:  # the ideas are taken up when the proposal is written
            del self.fields["ideas"]
        else:
            del self.fields["reason"]
            self.fields["ideas"].queryset = theme.ideas.exclude(
                status=Idea.Status.NOT_RETAINED).order_by("-submitted_at")
            self.fields["ideas"].required = False
        for name in ("operating_budget", "investment_budget", "gain_money"):
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})

    SECTIONS = (
        (_("The proposal"), ("title", "description", "services", "deadline",
                             "expected_results", "ideas", "reason")),
        (_("Means needed"), ("people_needed", "operating_budget", "investment_budget")),
        (_("Gains for the city"), ("gain_money", "gain_time", "gain_quality",
                                   "gain_environment")),
        (_("Impacts and evaluation"), ("impact_working_conditions", "impact_environment",
                                       "impact_running_costs", "indicators")),
    )

    def sections(self):
        """The fields in groups, each shown in a fieldset with its legend."""
        return [(legend, [self[name] for name in names if name in self.fields])
                for legend, names in self.SECTIONS]

    def _post_clean(self):
        """The services validate the proposal (with its theme and reference); the form
        only checks each field."""

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in EDITABLE if name in data}
        fields["services"] = list(data["services"])
        fields["indicators"] = list(data["indicators"])
        if "ideas" in self.fields:
            fields["ideas"] = list(data["ideas"])
        return fields


class DecisionForm(forms.Form):
    """A level's decision on a proposal; `level` is the level the page showed, so that a
    decision taken meanwhile (or out of order) is refused with its message."""

    level = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=Arbitration.Decision.choices,
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required to send the proposal back or reject "
                                          "it: the group reads it."))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = programme.levels.all()


class ProposalFilterForm(forms.Form):
    """The filters of the proposal list (GET): theme, status, awaiting level."""

    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=None,
                                   empty_label=_("All themes"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Proposal.Status.choices])
    level = forms.ModelChoiceField(label=_("Awaiting the decision of"), required=False,
                                   queryset=None, empty_label=_("Any level"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = programme.themes.order_by("number")
        self.fields["level"].queryset = programme.levels.order_by("order")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["theme"]:
            queryset = queryset.filter(theme=data["theme"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["level"]:
            queryset = queryset.filter(current_level=data["level"],
                                       status=Proposal.Status.IN_ARBITRATION)
        return queryset
