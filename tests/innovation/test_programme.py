"""The programme's life: members once, meetings held with minutes by members, ideas
from any agent, monthly reports and their reminders, news to the followers, and the
closing seminar that moves the remaining actions to their direction's roadmap and makes
the programme read-only."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from innovation import services
from innovation.models import Contract, ContractReport, Idea, InnovationProgramme, Meeting
from innovation.notifications import report_reminders

from .test_contracts import fund


def test_a_member_is_added_once(seeds):
    services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator,
                        is_volunteer=True)
    with pytest.raises(ValidationError) as error:
        services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator)
    assert str(seeds.agent) in error.value.message_dict["user"][0]
    assert seeds.group.memberships.count() == 1
    with pytest.raises(PermissionDenied):
        services.member_add(group=seeds.group, member=seeds.manager, user=seeds.agent)


def test_a_meeting_held_has_minutes_and_member_attendees(seeds):
    services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator)
    day = datetime.date(2026, 3, 12)
    with pytest.raises(ValidationError) as error:
        services.meeting_record(group=seeds.group, number=1, date=day, status="held",
                                user=seeds.facilitator)
    assert "minutes" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_record(group=seeds.group, number=1, date=day, status="held",
                                minutes="Inventaire des forces.", user=seeds.facilitator,
                                attendees=[seeds.agent, seeds.manager])
    assert str(seeds.manager) in error.value.messages[0]
    meeting = services.meeting_record(
        group=seeds.group, number=1, date=day, status="held", minutes="Inventaire.",
        user=seeds.facilitator, attendees=[seeds.agent, seeds.facilitator])
    assert meeting.status == Meeting.Status.HELD and meeting.attendees.count() == 2


def test_any_agent_submits_an_idea_to_an_open_theme(seeds):
    idea = services.idea_submit(theme=seeds.theme, title="Rappel automatique",
                                description="Rappeler les usagers qui ont raccroché.",
                                user=seeds.agent)
    assert idea.author == seeds.agent and idea.status == Idea.Status.NEW
    with pytest.raises(ValidationError):
        services.idea_answer(idea=idea, status="not_retained", answer="",
                             user=seeds.facilitator)
    seeds.theme.accepts_ideas = False
    seeds.theme.save()
    with pytest.raises(ValidationError):
        services.idea_submit(theme=seeds.theme, title="x", description="y", user=seeds.agent)


def test_the_monthly_report_counts_and_refuses_a_closed_contract(seeds, contract):
    fund(seeds, contract, "Standard unique", po=10_000, committed=2_000)
    month = timezone.localdate()
    report = services.report_fill(contract=contract, month=month, comment="Marché lancé.",
                                  user=seeds.manager)
    assert report.month == month.replace(day=1)
    assert (report.actions_total, report.budget_committed) == (1, Decimal("2000"))
    again = services.report_fill(contract=contract, month=month, comment="Marché attribué.",
                                 user=seeds.manager)
    assert again.pk == report.pk and report.history.count() == 2
    with pytest.raises(PermissionDenied):
        services.report_fill(contract=contract, month=month, comment="x", user=seeds.agent)
    with pytest.raises(ValidationError):
        services.report_fill(contract=contract, comment="x", user=seeds.manager,
                             month=month + datetime.timedelta(days=40))
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.CLOSED)
    contract.refresh_from_db()
    with pytest.raises(ValidationError):
        services.report_fill(contract=contract, month=month, comment="x", user=seeds.manager)


def test_month_end_reminders_go_to_managers_missing_their_report(seeds, contract):
    services.contract_sign(contract=contract, signed_on=timezone.localdate(),
                           user=seeds.coordinator)
    mail.outbox.clear()
    assert report_reminders() == 1
    assert mail.outbox[0].to == [seeds.manager.email]
    assert "Contrat 2" in mail.outbox[0].body or "Contract 2" in mail.outbox[0].body
    services.report_fill(contract=contract, month=timezone.localdate(), comment="ok",
                         user=seeds.manager)
    mail.outbox.clear()
    assert report_reminders() == 0 and not mail.outbox


def test_news_reach_the_followers(seeds, django_capture_on_commit_callbacks):
    assert services.follower_toggle(programme=seeds.programme, user=seeds.agent) is True
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.news_publish(programme=seeds.programme, title="Le standard unique est en "
                              "service", body="Depuis lundi.", user=seeds.coordinator)
    assert [m.to for m in mail.outbox] == [[seeds.agent.email]]
    assert services.follower_toggle(programme=seeds.programme, user=seeds.agent) is False
    with pytest.raises(PermissionDenied):
        services.news_publish(programme=seeds.programme, title="x", body="y",
                              user=seeds.agent)


def test_closing_moves_remaining_actions_to_the_roadmap(seeds, contract):
    done = fund(seeds, contract, "Standard unique", po=10_000)
    remaining = fund(seeds, contract, "Rappel automatique", po=5_000)
    Action.objects.filter(pk=done.action_id).update(status="done")
    with pytest.raises(ValidationError):  # each contract needs its closing report
        services.programme_close(programme=seeds.programme, user=seeds.coordinator,
                                 closing_reports={})
    services.programme_close(programme=seeds.programme, user=seeds.coordinator,
                             closing_reports={contract.pk: "1 action faite, 1 restante."})
    remaining.refresh_from_db(), done.refresh_from_db()
    assert remaining.roadmap_direction == seeds.direction  # the service's direction
    assert done.roadmap_direction is None
    action = remaining.action
    action.refresh_from_db()
    assert action.status == "planned" and Action.objects.for_source(contract).count() == 2
    seeds.programme.refresh_from_db()
    assert seeds.programme.status == InnovationProgramme.Status.CLOSED
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CLOSED and contract.closing_report

    # Read-only from now on.
    for attempt in (
        lambda: services.idea_submit(theme=seeds.theme, title="x", description="y",
                                     user=seeds.agent),
        lambda: services.member_add(group=seeds.group, member=seeds.agent,
                                    user=seeds.facilitator),
        lambda: services.report_fill(contract=contract, month=timezone.localdate(),
                                     comment="x", user=seeds.manager),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert not ContractReport.objects.exists()


def test_the_participants_evaluate_the_programme_with_a_survey(seeds):
    """The evaluation survey is one of feedback's surveys (internal, open, five
    questions), created once — also after the closing — by those who run it."""
    from feedback.models import Survey

    with pytest.raises(PermissionDenied):
        services.programme_evaluation_survey(programme=seeds.programme, user=seeds.agent)
    survey = services.programme_evaluation_survey(programme=seeds.programme,
                                                  user=seeds.coordinator)
    assert survey.audience == Survey.Audience.INTERNAL and survey.status == "open"
    assert survey.questions.count() == 5
    assert services.programme_evaluation_survey(programme=seeds.programme,
                                                user=seeds.coordinator) == survey
    seeds.programme.refresh_from_db()
    assert seeds.programme.evaluation_survey == survey


def test_the_programme_page_offers_the_evaluation_to_participants(client, seeds):
    services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator)
    url = reverse("innovation:programme", args=[seeds.programme.code])
    client.force_login(seeds.coordinator)
    client.post(reverse("innovation:programme_evaluation", args=[seeds.programme.code]))
    seeds.programme.refresh_from_db()
    public_url = seeds.programme.evaluation_survey.get_public_url()
    client.force_login(seeds.agent)  # a member of a group
    assert public_url in client.get(url).content.decode()
    client.force_login(seeds.manager)  # took part in no group
    assert public_url not in client.get(url).content.decode()
    assert client.post(reverse("innovation:programme_evaluation",
                               args=[seeds.programme.code])).status_code == 403
