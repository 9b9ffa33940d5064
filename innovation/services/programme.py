"""The programme's life: members of the working groups, meetings and their minutes, the
agents' ideas, the steering committees, the news and its followers, and the closing
(remaining actions to their direction's roadmap; the programme becomes read-only)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import Action

from ..models import (
    Contract,
    Follower,
    FundedAction,
    Idea,
    InnovationProgramme,
    Meeting,
    Membership,
    News,
    SteeringCommittee,
    SteeringDecision,
    Theme,
    WorkingGroup,
)
from ..permissions import can_lead_group, can_manage_programme
from ._common import check_open, require, save


@transaction.atomic
def member_add(*, group: WorkingGroup, member, user, is_manager: bool = False,
               is_volunteer: bool = False,
               joined_on: datetime.date | None = None) -> Membership:
    check_open(group.theme.programme)
    require(can_lead_group(user, group), _("Only the group's facilitator adds members."))
    return save(Membership(group=group, user=member, is_manager=is_manager,
                           is_volunteer=is_volunteer, joined_on=joined_on), user=user,
                reason="Ajout d'un membre")


@transaction.atomic
def meeting_record(*, group: WorkingGroup, number: int, date: datetime.date, user,
                   status: str = Meeting.Status.PLANNED, place: str = "", agenda: str = "",
                   minutes: str = "", attendees=None) -> Meeting:
    """Plan a meeting, or record it as held with its minutes and attendees (the same
    number updates the meeting)."""
    check_open(group.theme.programme)
    require(can_lead_group(user, group),
            _("Only the group's facilitator records its meetings."))
    meeting = Meeting.objects.filter(group=group, number=number).first() \
        or Meeting(group=group, number=number)
    meeting.date, meeting.status, meeting.place = date, status, place
    meeting.agenda, meeting.minutes = agenda, minutes
    save(meeting, user=user, reason="Réunion")
    if attendees is not None:
        attendees = list(attendees)
        members = set(group.memberships.values_list("user_id", flat=True)) | {
            group.facilitator_id, group.referent_id}
        strangers = [str(a) for a in attendees if a.pk not in members]
        if strangers:
            raise ValidationError({"attendees": _(
                "Not members of the group: %(names)s. Add them to the group first.")
                % {"names": ", ".join(strangers)}})
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def idea_submit(*, theme: Theme, title: str, description: str, user) -> Idea:
    """Any agent submits an idea to a theme open to ideas; the group sees it."""
    check_open(theme.programme)
    if not theme.accepts_ideas:
        raise ValidationError(_("The theme « %(theme)s » no longer takes ideas.")
                              % {"theme": theme.title})
    return save(Idea(theme=theme, author=user, title=(title or "").strip(),
                     description=(description or "").strip()), user=user,
                reason="Idée d'agent")


@transaction.atomic
def idea_answer(*, idea: Idea, status: str, answer: str, user) -> Idea:
    check_open(idea.theme.programme)
    require(can_lead_group(user, idea.theme.group),
            _("Only the group's facilitator answers its ideas."))
    idea.status, idea.group_answer = status, (answer or "").strip()
    if status == Idea.Status.NOT_RETAINED and not idea.group_answer:
        raise ValidationError({"group_answer": _("Tell the agent why the idea is not "
                                                 "retained.")})
    return save(idea, user=user, reason="Réponse du groupe")


@transaction.atomic
def committee_record(*, programme: InnovationProgramme, held_on: datetime.date, title: str,
                     user, minutes: str = "", attendees=(),
                     decisions: list[tuple[Contract | None, str]] = ()) -> SteeringCommittee:
    check_open(programme)
    require(can_manage_programme(user, programme),
            _("Only those who run the programme record its steering committees."))
    committee = save(SteeringCommittee(programme=programme, held_on=held_on, title=title,
                                       minutes=minutes), user=user, reason="COPIL")
    committee.attendees.set(attendees)
    for contract, text in decisions:
        if contract is not None and contract.programme_id != programme.pk:
            raise ValidationError(_("%(contract)s belongs to another programme.")
                                  % {"contract": contract})
        save(SteeringDecision(committee=committee, contract=contract, text=text), user=user,
             reason="Décision du COPIL")
    return committee


@transaction.atomic
def news_publish(*, programme: InnovationProgramme, title: str, body: str, user,
                 contract: Contract | None = None) -> News:
    """Publish a news item; its followers get it by e-mail once it is saved."""
    check_open(programme)
    require(can_manage_programme(user, programme) or (
        contract is not None and contract.manager_id == user.pk),
        _("Only those who run the programme or the contract's manager publish news."))
    news = save(News(programme=programme, contract=contract, title=title, body=body,
                     author=user), user=user, reason="Actualité")
    from ..tasks import send_news

    transaction.on_commit(lambda: send_news.delay(news.pk))
    return news


@transaction.atomic
def follower_toggle(*, programme: InnovationProgramme, user) -> bool:
    """Follow the programme, or stop following it; returns whether the user follows."""
    existing = Follower.objects.filter(programme=programme, user=user).first()
    if existing is not None:
        existing._history_user = user
        existing.delete()
        return False
    save(Follower(programme=programme, user=user), user=user, reason="Abonnement")
    return True


def _direction(service):
    """The direction a service belongs to (itself for a direction)."""
    node = service
    while node.parent_id is not None and node.kind != node.Kind.DIRECTION:
        node = node.parent
    return node


@transaction.atomic
def programme_close(*, programme: InnovationProgramme, user,
                    closing_reports: dict[int, str]) -> InnovationProgramme:
    """The closing seminar: each contract gets its report of done and remaining actions
    and is closed; the remaining actions move to their direction's roadmap (they stay in
    the action plan, their source kept); the programme becomes read-only."""
    programme = InnovationProgramme.objects.select_for_update().get(pk=programme.pk)
    check_open(programme)
    require(can_manage_programme(user, programme),
            _("Only those who run the programme close it."))
    contracts = list(programme.contracts.exclude(status=Contract.Status.CLOSED))
    missing = [str(c) for c in contracts if not (closing_reports.get(c.pk) or "").strip()]
    if missing:
        raise ValidationError(_("Write the closing report of: %(contracts)s.")
                              % {"contracts": "; ".join(missing)})
    today = timezone.localdate()
    for contract in contracts:
        contract.closing_report = closing_reports[contract.pk].strip()
        contract.status, contract.closed_on = Contract.Status.CLOSED, today
        save(contract, user=user, reason="Séminaire de clôture")
    remaining = FundedAction.objects.filter(
        contract__programme=programme, action__status__in=Action.OPEN_STATUSES,
        roadmap_direction__isnull=True).select_related("action__service__parent")
    for funded in remaining:
        funded.roadmap_direction = _direction(funded.action.service)
        funded.moved_to_roadmap_on = today
        save(funded, user=user, reason="Feuille de route de direction")
    programme.status, programme.closed_on = InnovationProgramme.Status.CLOSED, today
    return save(programme, user=user, reason="Clôture")


#: The participants' evaluation survey: (question, kind) in the municipality's language.
EVALUATION_QUESTIONS = [
    (gettext_lazy("Did the programme meet your expectations?"), "scale"),
    (gettext_lazy("How well did your working group work?"), "scale"),
    (gettext_lazy("Were your group's proposals taken into account?"), "scale"),
    (gettext_lazy("Would you take part in a new programme?"), "yes_no"),
    (gettext_lazy("What would you change next time?"), "text"),
]


@transaction.atomic
def programme_evaluation_survey(*, programme: InnovationProgramme, user):
    """The participants' evaluation survey (feedback's surveys, internal audience):
    created open, with its questions, and linked to the programme once; later calls
    return it. Allowed after the closing — the evaluation comes at the end."""
    from django.conf import settings
    from django.utils import translation

    from feedback.models import Question, Survey
    from feedback.services import question_add, survey_create

    programme = InnovationProgramme.objects.select_for_update().get(pk=programme.pk)
    require(can_manage_programme(user, programme),
            _("Only those who run the programme ask its participants to evaluate it."))
    if programme.evaluation_survey_id:
        return programme.evaluation_survey
    with translation.override(settings.LANGUAGE_CODE):
        survey = survey_create(
            user=user, audience=Survey.Audience.INTERNAL,
            title=_("Evaluation of « %(programme)s » by its participants")
            % {"programme": programme.name},
            intro=_("Your opinion on the programme you took part in: five questions, two "
                    "minutes."))
        for text, kind in EVALUATION_QUESTIONS:
            question_add(survey=survey, user=user, text=str(text),
                         kind=Question.Kind(kind), required=kind != "text")
    from feedback.services import survey_update

    survey = survey_update(survey=survey, user=user, status=Survey.Status.OPEN)
    programme.evaluation_survey = survey
    # The link is recorded even on a closed programme: it is the closing's last step.
    programme._history_user = user
    programme._change_reason = "Enquête d'évaluation"
    programme.save(update_fields=["evaluation_survey"])
    return survey
