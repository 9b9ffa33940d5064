"""The back office's forms of the innovation & performance programme (used by
wagtail_hooks): a record of a closed programme is refused; the model's full validation
runs before a direct save, which records who made the change in the history; where
innovation.services has the write (a member added, an idea answered, a proposal written,
a contract drawn up, a news item published), the form calls it, and its refusal comes
back on the form (add_service_error)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from .models import (
    READ_ONLY_MESSAGE,
    Arbitration,
    ArbitrationLevel,
    Axis,
    BudgetMove,
    Contract,
    ContractReport,
    FundedAction,
    Idea,
    InnovationProgramme,
    InventoryItem,
    Meeting,
    Membership,
    News,
    Proposal,
    SteeringCommittee,
    SteeringDecision,
    Theme,
    WorkingGroup,
)

#: How each model reaches its programme ("" : it is the programme; Body has none).
PROGRAMME_PATH = {
    InnovationProgramme: "", Axis: "programme", ArbitrationLevel: "programme",
    Theme: "programme", WorkingGroup: "theme__programme",
    Membership: "group__theme__programme", Meeting: "group__theme__programme",
    InventoryItem: "group__theme__programme", Idea: "theme__programme",
    Proposal: "theme__programme", Arbitration: "proposal__theme__programme",
    Contract: "programme", FundedAction: "contract__programme", BudgetMove: "programme",
    ContractReport: "contract__programme", SteeringCommittee: "programme",
    SteeringDecision: "committee__programme", News: "programme",
}


def programme_of(obj):
    path = PROGRAMME_PATH.get(type(obj))
    if path is None:
        return None
    for part in filter(None, path.split("__")):
        obj = getattr(obj, part, None)  # an unset relation is None, not an error
        if obj is None:
            return None
    return obj


class InnovationAdminForm(WagtailAdminModelForm):
    """Refuses a record of a closed programme; saves after the model's full validation,
    recording who made the change; `save_through_services` (a service's write) replaces
    the direct save where a service exists."""

    reason = "Back-office"

    def _post_clean(self):
        super()._post_clean()  # the model's validation: fields, clean(), constraints
        programme = programme_of(self.instance)
        if programme is not None and programme.is_closed:
            self.add_error(None, READ_ONLY_MESSAGE)

    def save_through_services(self, user):
        """None: no service for this write, the record is saved directly."""
        return None

    def save(self, commit=True):
        instance = self.instance
        instance._history_user = self.for_user
        instance._change_reason = self.reason
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            saved = self.save_through_services(self.for_user)
            if saved is None:
                instance.full_clean()
                saved = super().save(commit=True)
        self.instance = saved
        return saved

    def add_service_error(self, error) -> None:
        """Show a service's refusal on the field it names, or above the form."""
        if not isinstance(error, ValidationError):
            error = ValidationError(str(error) or _("You may not make this change."))
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)


class ProgrammeAdminForm(InnovationAdminForm):
    """The programme is closed by its closing seminar (innovation.services), not here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [
                c for c in self.fields["status"].choices
                if c[0] != InnovationProgramme.Status.CLOSED]


class MembershipAdminForm(InnovationAdminForm):
    def save_through_services(self, user):
        if self.instance.pk:
            return None
        data = self.cleaned_data
        return services.member_add(group=data["group"], member=data["user"], user=user,
                                   is_manager=data.get("is_manager", False),
                                   is_volunteer=data.get("is_volunteer", False),
                                   joined_on=data.get("joined_on"))


class MeetingAdminForm(InnovationAdminForm):
    """The attendees are members of the group (its facilitator and referent too)."""

    def clean(self):
        cleaned = super().clean()
        group, attendees = cleaned.get("group"), cleaned.get("attendees")
        if group is not None and attendees:
            members = set(group.memberships.values_list("user_id", flat=True)) | {
                group.facilitator_id, group.referent_id}
            strangers = [str(a) for a in attendees if a.pk not in members]
            if strangers:
                self.add_error("attendees", _(
                    "Not members of the group: %(names)s. Add them to the group first.")
                    % {"names": ", ".join(strangers)})
        return cleaned


class IdeaAdminForm(InnovationAdminForm):
    """The group's answer to an agent's idea (innovation.services.idea_answer)."""

    def save_through_services(self, user):
        data = self.cleaned_data
        return services.idea_answer(idea=self.instance, status=data["status"],
                                    answer=data.get("group_answer", ""), user=user)


class ProposalAdminForm(InnovationAdminForm):
    """Written through innovation.services (reference, who wrote it, the ideas taken up);
    its status, level and round move only by submission and arbitration."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("theme", "ideas"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def save_through_services(self, user):
        data = self.cleaned_data
        fields = {name: data[name] for name in services.proposals.EDITABLE
                  if name in data and name not in ("title", "description", "deadline",
                                                   "expected_results")}
        common = {"title": data["title"], "description": data["description"],
                  "deadline": data["deadline"], "expected_results": data["expected_results"]}
        if self.instance.pk:
            return services.proposal_update(
                proposal=self.instance, user=user, reason=self.reason,
                services=data.get("services"), indicators=data.get("indicators"),
                **common, **fields)
        return services.proposal_create(
            theme=data["theme"], user=user, services=data.get("services") or (),
            indicators=data.get("indicators") or (), ideas=data.get("ideas") or (),
            **common, **fields)


class ContractAdminForm(InnovationAdminForm):
    """A new contract groups accepted proposals (innovation.services.contract_create); it
    is signed and closed on the intranet."""

    proposals = forms.ModelMultipleChoiceField(
        label=_("Accepted proposals grouped"), required=False,
        queryset=Proposal.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = Proposal.objects.filter(
            status=Proposal.Status.ACCEPTED, contract__isnull=True).order_by("reference")
        if self.instance.pk:
            self.fields["proposals"].disabled = True

    def save_through_services(self, user):
        if self.instance.pk:
            return None
        data = self.cleaned_data
        return services.contract_create(
            programme=data["programme"], axis=data["axis"], number=data["number"],
            title=data["title"], manager=data["manager"], referent=data["referent"],
            objectives=data["objectives"], deadline=data["deadline"], user=user,
            proposals=data.get("proposals") or (), participants=data.get("participants") or (),
            indicators=data.get("indicators") or ())


class NewsAdminForm(InnovationAdminForm):
    """Published through innovation.services.news_publish: its followers get it."""

    def save_through_services(self, user):
        if self.instance.pk:
            return None
        data = self.cleaned_data
        return services.news_publish(programme=data["programme"], title=data["title"],
                                     body=data["body"], contract=data.get("contract"),
                                     user=user)
