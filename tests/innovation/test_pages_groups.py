"""The working groups' pages of the programme: who sees what (an agent reads the
programme and a theme and submits ideas; the group sees every idea, its meetings and
proposals; the facilitator adds members, records meetings, answers ideas and writes
proposals; the arbiters decide through the proposal's page, in order, once a level),
the refusals shown with their message, and the SQL queries pinned as the data grows."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actions.models import Action
from innovation import services
from innovation.models import (
    Arbitration,
    Follower,
    Idea,
    InventoryItem,
    Meeting,
    News,
    Proposal,
)
from tests import factories as f

from .conftest import make_proposal
from .factories import GroupFactory, ThemeFactory
from .test_contracts import fund

pytestmark = pytest.mark.django_db


def fr(message, **params):
    """The French text of a catalogue message (formatted with `params` when given)."""
    with translation.override("fr"):
        text = _(message)
        return text % params if params else text


def text(response) -> str:
    return html.unescape(response.content.decode())


def theme_url(seeds, theme=None):
    return reverse("innovation:theme", args=[seeds.programme.code,
                                             (theme or seeds.theme).number])


def idea(seeds, author, title="Rappel automatique"):
    return services.idea_submit(theme=seeds.theme, title=title,
                                description="Rappeler les usagers qui ont raccroché.",
                                user=author)


def submitted(seeds, **fields):
    proposal = make_proposal(seeds, **fields)
    return services.proposal_submit(proposal=proposal, user=seeds.facilitator)


# --- the programme ---------------------------------------------------------------------------
def test_every_agent_reads_the_programmes_and_the_programme_page(client, seeds, contract):
    seeds.programme.description = "Une démarche participative."
    seeds.programme.priorities = "Un accueil plus simple\nDes services plus sobres"
    seeds.programme.save()
    done = fund(seeds, contract, "Numéro unique", po=1000)
    fund(seeds, contract, "Rappel des usagers", po=500)
    Action.objects.filter(pk=done.action_id).update(status=Action.Status.DONE,
                                                     completed_at=timezone.localdate())
    services.news_publish(programme=seeds.programme, title="Le numéro unique est ouvert",
                          body="Depuis lundi.", user=seeds.coordinator)
    client.force_login(seeds.agent)

    index = text(client.get(reverse("innovation:index")))
    assert seeds.programme.name in index and "Ville de Sainte-Claire" in index

    response = client.get(seeds.programme.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    for expected in ("Une démarche participative.", "Des services plus sobres",
                     "Une ville plus proche", seeds.theme.title, str(seeds.facilitator),
                     str(seeds.referent), "Le numéro unique est ouvert",
                     "Améliorer l'accueil téléphonique", "Numéro unique"):
        assert expected in page, expected
    assert theme_url(seeds) in page
    assert fr("%(done)s of %(total)s actions done (%(progress)s %%)", done=1, total=2,
              progress=50) in page
    # An agent neither publishes news nor reads the proposals or the dashboard.
    assert reverse("innovation:programme_news", args=[seeds.programme.code]) not in page
    assert reverse("innovation:proposals", args=[seeds.programme.code]) not in page
    assert fr("Programme dashboard") not in page


def test_an_agent_follows_then_stops_following(client, seeds):
    client.force_login(seeds.agent)
    url = reverse("innovation:programme_follow", args=[seeds.programme.code])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert Follower.objects.filter(programme=seeds.programme, user=seeds.agent).exists()
    assert fr("Stop following") in text(response)
    client.post(url)
    assert not Follower.objects.filter(programme=seeds.programme, user=seeds.agent).exists()


def test_who_runs_the_programme_publishes_news(client, seeds, django_capture_on_commit_callbacks):
    url = reverse("innovation:programme_news", args=[seeds.programme.code])
    client.force_login(seeds.agent)
    assert client.post(url, {"title": "x", "body": "y"}).status_code == 403
    client.force_login(seeds.coordinator)
    page = text(client.get(seeds.programme.get_absolute_url()))
    assert url in page
    response = client.post(url, {"title": "", "body": "Texte gardé"})
    assert response.status_code == 400 and "Texte gardé" in text(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "Premier bilan", "body": "12 actions faites."})
    assert response.status_code == 302
    assert News.objects.get().title == "Premier bilan"


def test_who_steers_gets_the_proposals_and_dashboard_links(client, seeds):
    client.force_login(seeds.coordinator)
    page = text(client.get(seeds.programme.get_absolute_url()))
    assert reverse("innovation:proposals", args=[seeds.programme.code]) in page
    try:
        dashboard = reverse("innovation:dashboard", args=[seeds.programme.code])
    except NoReverseMatch:  # the contracts' pages are not there yet
        return
    assert dashboard in page


# --- a theme ---------------------------------------------------------------------------------
def test_an_agent_sees_the_theme_and_submits_an_idea_not_the_groups_work(client, seeds):
    other = f.agent(username="autre-agent", service=seeds.accueil)
    idea(seeds, other, title="Idée d'un collègue")
    submitted(seeds, title="Proposition du groupe")
    InventoryItem.objects.create(group=seeds.group, kind="strength", title="Accueil chaleureux",
                                 how_to_keep="Former les nouveaux.")
    seeds.group.charter = "Confidentialité des échanges."
    seeds.group.save()
    client.force_login(seeds.agent)

    response = client.get(theme_url(seeds))
    assert response.status_code == 200
    page = text(response)
    assert seeds.theme.title in page and str(seeds.facilitator) in page
    assert str(seeds.referent) in page and fr("Submit an idea") in page
    for hidden in ("Idée d'un collègue", "Proposition du groupe", "Accueil chaleureux",
                   "Confidentialité des échanges.", fr("Members of the group")):
        assert hidden not in page, hidden

    url = reverse("innovation:idea_submit", args=[seeds.programme.code, 1])
    response = client.post(url, {"title": "", "description": "Ma description gardée"})
    assert response.status_code == 400 and "Ma description gardée" in text(response)
    response = client.post(url, {"title": "Borne de rappel",
                                 "description": "Rappeler les usagers."}, follow=True)
    mine = Idea.objects.get(author=seeds.agent)
    assert mine.title == "Borne de rappel" and mine.status == Idea.Status.NEW
    page = text(response)
    assert "Borne de rappel" in page and fr("The group has not answered yet.") in page

    services.idea_answer(idea=mine, status=Idea.Status.NOT_RETAINED,
                         answer="Déjà prévu par la DSI.", user=seeds.facilitator)
    assert "Déjà prévu par la DSI." in text(client.get(theme_url(seeds)))
    # Not the facilitator: none of the group's writes.
    for name in ("member_add", "meeting_record", "proposal_create"):
        assert client.post(reverse(f"innovation:{name}", args=[seeds.programme.code, 1]),
                           {}).status_code == 403
    assert client.get(reverse("innovation:proposal_create",
                              args=[seeds.programme.code, 1])).status_code == 403


def test_a_theme_closed_to_ideas_takes_none(client, seeds):
    seeds.theme.accepts_ideas = False
    seeds.theme.save()
    client.force_login(seeds.agent)
    page = text(client.get(theme_url(seeds)))
    assert fr("The theme no longer takes ideas.") in page
    response = client.post(reverse("innovation:idea_submit", args=[seeds.programme.code, 1]),
                           {"title": "Idée", "description": "Texte"})
    assert response.status_code == 400 and not Idea.objects.exists()


def test_a_member_sees_every_idea_and_the_groups_work(client, seeds):
    member = f.agent(username="membre", service=seeds.accueil)
    services.member_add(group=seeds.group, member=member, user=seeds.facilitator,
                        is_volunteer=True)
    idea(seeds, seeds.agent, title="Idée de l'agent")
    proposal = submitted(seeds, title="Proposition du groupe")
    InventoryItem.objects.create(group=seeds.group, kind="weakness", title="Attente longue",
                                 causes="Un seul guichet.", risks_if_left="Usagers mécontents")
    InventoryItem.objects.create(group=seeds.group, kind="opportunity", title="Prise de RDV",
                                 gains="Moins d'attente.")
    services.meeting_record(group=seeds.group, number=1, date=datetime.date(2026, 3, 12),
                            status="held", minutes="Inventaire des forces.",
                            attendees=[member], user=seeds.facilitator)
    seeds.group.charter, seeds.group.timetable = "Bienveillance.", "Mars : inventaire"
    seeds.group.save()
    client.force_login(member)
    page = text(client.get(theme_url(seeds)))
    for expected in ("Idée de l'agent", str(seeds.agent), proposal.reference,
                     "Proposition du groupe", "Attente longue", "Un seul guichet.",
                     "Usagers mécontents", "Prise de RDV", "Moins d'attente.",
                     "Inventaire des forces.", "Bienveillance.", "Mars : inventaire",
                     str(member), fr("Members of the group")):
        assert expected in page, expected
    # A member reads; only the facilitator writes.
    assert fr("Add a member") not in page
    assert reverse("innovation:proposal_create", args=[seeds.programme.code, 1]) not in page
    response = client.post(reverse("innovation:member_add", args=[seeds.programme.code, 1]),
                           {"member": seeds.agent.pk})
    assert response.status_code == 403


def test_the_facilitator_adds_a_member_once(client, seeds):
    client.force_login(seeds.facilitator)
    url = reverse("innovation:member_add", args=[seeds.programme.code, 1])
    page = text(client.get(theme_url(seeds)))
    assert fr("Add a member") in page and url in page
    response = client.post(url, {"member": seeds.agent.pk, "is_volunteer": "on"})
    assert response.status_code == 302
    membership = seeds.group.memberships.get()
    assert membership.user == seeds.agent and membership.is_volunteer
    response = client.post(url, {"member": seeds.agent.pk, "is_manager": "on"})
    assert response.status_code == 400
    assert fr("%(person)s is already a member of this group.", person=seeds.agent) in \
        text(response)
    assert seeds.group.memberships.count() == 1


def test_the_facilitator_records_a_meeting_and_answers_an_idea(client, seeds):
    member = f.agent(username="membre", service=seeds.accueil)
    services.member_add(group=seeds.group, member=member, user=seeds.facilitator)
    agents_idea = idea(seeds, seeds.agent)
    client.force_login(seeds.facilitator)
    url = reverse("innovation:meeting_record", args=[seeds.programme.code, 1])
    data = {"meeting-number": 1, "meeting-date": "2026-03-12", "meeting-status": "held",
            "meeting-place": "Salle du conseil", "meeting-agenda": "Inventaire",
            "meeting-minutes": "", "meeting-attendees": [member.pk, seeds.facilitator.pk]}
    response = client.post(url, data)
    assert response.status_code == 400 and not Meeting.objects.exists()
    assert fr("A meeting held has its minutes.") in text(response)
    assert "Salle du conseil" in text(response)  # nothing typed is lost
    response = client.post(url, {**data, "meeting-minutes": "Trois forces relevées."})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == "held" and set(meeting.attendees.all()) == {member,
                                                                          seeds.facilitator}

    answer = reverse("innovation:idea_answer", args=[seeds.programme.code, 1, agents_idea.pk])
    prefix = f"idea-{agents_idea.pk}"
    response = client.post(answer, {f"{prefix}-status": "not_retained", f"{prefix}-answer": ""})
    assert response.status_code == 400
    assert fr("Tell the agent why the idea is not retained.") in text(response)
    response = client.post(answer, {f"{prefix}-status": "retained",
                                    f"{prefix}-answer": "Reprise dans la proposition."})
    assert response.status_code == 302
    agents_idea.refresh_from_db()
    assert agents_idea.status == "retained"
    assert agents_idea.group_answer == "Reprise dans la proposition."
    # Not an idea of this theme: 404.
    other_theme = ThemeFactory(programme=seeds.programme, number=2)
    GroupFactory(theme=other_theme, facilitator=seeds.facilitator)
    assert client.post(reverse("innovation:idea_answer", args=[
        seeds.programme.code, 2, agents_idea.pk]), {}).status_code == 404


# --- proposals -------------------------------------------------------------------------------
def test_the_facilitator_writes_a_proposal_through_the_page(client, seeds):
    from tests.indicators.factories import IndicatorFactory

    indicator = IndicatorFactory(service=seeds.accueil)
    agents_idea = idea(seeds, seeds.agent)
    client.force_login(seeds.facilitator)
    url = reverse("innovation:proposal_create", args=[seeds.programme.code, 1])
    assert reverse("innovation:proposal_create", args=[seeds.programme.code, 1]) in text(
        client.get(theme_url(seeds)))
    form = text(client.get(url))
    for label in (fr("expected results"), fr("impact on working conditions"),
                  fr("savings a year (€)"), fr("evaluation indicators")):
        assert label.lower() in form.lower(), label
    data = {"title": "Accueil unique", "description": "Un guichet pour tout.",
            "deadline": "2027-06-30", "expected_results": "Moins d'attente.",
            "operating_budget": "12500", "investment_budget": "0", "gain_money": "-1",
            "people_needed": "0,5 ETP", "ideas": [agents_idea.pk]}
    response = client.post(url, data)  # no service named, a negative saving
    assert response.status_code == 400 and not Proposal.objects.exists()
    assert "Un guichet pour tout." in text(response)
    response = client.post(url, {**data, "gain_money": "3000", "services": [seeds.accueil.pk],
                                 "indicators": [indicator.pk]})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.operating_budget == 12500 and list(proposal.services.all()) == [
        seeds.accueil]
    assert list(proposal.indicators.all()) == [indicator]
    agents_idea.refresh_from_db()
    assert agents_idea.status == Idea.Status.RETAINED

    page = text(client.get(proposal.get_absolute_url()))
    for expected in ("Accueil unique", "Un guichet pour tout.", "Moins d'attente.",
                     "0,5 ETP", str(indicator), seeds.accueil.name, agents_idea.title,
                     fr("Submit to arbitration"), fr("Change the proposal")):
        assert expected in page, expected
    assert re.search(r"12\s500 €", page)


def test_the_group_changes_and_submits_its_proposal(client, seeds):
    proposal = make_proposal(seeds)
    client.force_login(seeds.facilitator)
    update = reverse("innovation:proposal_update", args=[proposal.reference])
    data = {"title": "Accueil téléphonique unique", "description": "Un numéro unique.",
            "deadline": "2027-06-30", "expected_results": "Moins d'appels perdus.",
            "operating_budget": "8000", "investment_budget": "2000", "gain_money": "0",
            "services": [seeds.accueil.pk], "reason": "Coût chiffré"}
    assert client.post(update, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.operating_budget == 8000 and proposal.investment_budget == 2000
    response = client.post(reverse("innovation:proposal_submit", args=[proposal.reference]),
                           follow=True)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ARBITRATION
    page = text(response)
    assert fr("Change the proposal") not in page  # in arbitration: no more changes
    # Submitted twice: refused with its message.
    response = client.post(reverse("innovation:proposal_submit", args=[proposal.reference]),
                           follow=True)
    assert proposal.reference in text(response) and proposal.round == 1
    assert client.post(update, data).status_code == 400
    # The others may not change it.
    client.force_login(seeds.agent)
    assert client.post(update, data).status_code == 403


def test_who_reads_a_proposal(client, seeds):
    proposal = submitted(seeds)
    member = f.agent(username="membre", service=seeds.accueil)
    services.member_add(group=seeds.group, member=member, user=seeds.facilitator)
    url = proposal.get_absolute_url()
    client.force_login(seeds.agent)
    assert client.get(url).status_code == 403
    for reader in (member, seeds.facilitator, seeds.referent, seeds.coordinator,
                   seeds.committee_member, seeds.mayor):
        client.force_login(reader)
        assert client.get(url).status_code == 200, reader


def test_the_arbiters_decide_through_the_page_in_order(client, seeds):
    proposal = submitted(seeds)
    url = reverse("innovation:proposal_arbitrate", args=[proposal.reference])

    # The mayor's decision before the referent's: refused with its message.
    client.force_login(seeds.mayor)
    page = text(client.get(proposal.get_absolute_url()))
    assert fr("Record the decision") not in page
    response = client.post(url, {"level": seeds.level3.pk, "decision": "accepted",
                                 "comment": "Feu vert"})
    assert response.status_code == 400
    assert fr("%(ref)s awaits the decision of « %(current)s », not of « %(level)s »: the "
              "levels decide in order.", ref=proposal.reference, current="Référent DG",
              level="Maire") in text(response)
    assert not Arbitration.objects.exists()

    # The referent decides at level 1 through the form.
    client.force_login(seeds.referent)
    page = text(client.get(proposal.get_absolute_url()))
    assert fr("Record the decision") in page
    response = client.post(url, {"level": seeds.level1.pk, "decision": "accepted",
                                 "comment": "Conforme et faisable."}, follow=True)
    proposal.refresh_from_db()
    assert proposal.current_level == seeds.level2
    page = text(response)
    assert "Conforme et faisable." in page and str(seeds.referent) in page
    # Twice at the same level: refused, nothing lost.
    response = client.post(url, {"level": seeds.level1.pk, "decision": "rejected",
                                 "comment": "Finalement non."})
    assert response.status_code == 400
    assert fr("« %(level)s » has already decided on %(ref)s in this round.",
              level="Référent DG", ref=proposal.reference) in text(response)
    assert Arbitration.objects.count() == 1

    # The committee sends it back without a comment: refused, the decision kept.
    client.force_login(seeds.committee_member)
    response = client.post(url, {"level": seeds.level2.pk, "decision": "to_modify",
                                 "comment": "  "})
    assert response.status_code == 400
    assert fr("Say why: the group reads the comment.") in text(response)
    assert 'value="to_modify" required checked' in response.content.decode() or \
        re.search(r'value="to_modify"[^>]*checked', response.content.decode())
    response = client.post(url, {"level": seeds.level2.pk, "decision": "to_modify",
                                 "comment": "Chiffrer le standard."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.TO_MODIFY

    # Back in the group, submitted again, decided again: the history shows both rounds.
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    client.force_login(seeds.referent)
    assert client.post(url, {"level": seeds.level1.pk, "decision": "accepted",
                             "comment": "Coût chiffré, conforme."}).status_code == 302
    client.force_login(seeds.facilitator)
    page = text(client.get(proposal.get_absolute_url()))
    assert fr("Round %(round)s", round=1) in page and fr("Round %(round)s", round=2) in page
    for comment in ("Chiffrer le standard.", "Conforme et faisable.", "Coût chiffré, conforme."):
        assert comment in page
    assert page.index("Coût chiffré, conforme.") < page.index("Conforme et faisable.")


def test_a_reader_who_does_not_decide_gets_no_form_and_a_post_is_refused(client, seeds):
    proposal = submitted(seeds)
    url = reverse("innovation:proposal_arbitrate", args=[proposal.reference])
    client.force_login(seeds.facilitator)  # sees the proposal, does not arbitrate it
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200 and fr("Record the decision") not in text(response)
    assert client.post(url, {"level": seeds.level1.pk, "decision": "accepted"}).status_code \
        == 403
    client.force_login(seeds.committee_member)  # an arbiter, but of level 2
    assert client.post(url, {"level": seeds.level1.pk, "decision": "accepted"}).status_code \
        == 403
    client.force_login(seeds.agent)
    assert client.post(url, {"level": seeds.level1.pk, "decision": "accepted"}).status_code \
        == 403
    assert not Arbitration.objects.exists()


def test_the_proposal_list_for_those_who_steer_and_the_arbiters(client, seeds):
    first = submitted(seeds, title="Accueil téléphonique")
    second = make_proposal(seeds, title="Prise de rendez-vous")
    url = reverse("innovation:proposals", args=[seeds.programme.code])
    client.force_login(seeds.agent)
    assert client.get(url).status_code == 403

    client.force_login(seeds.coordinator)
    page = text(client.get(url))
    assert first.reference in page and second.reference in page
    page = text(client.get(url, {"status": "draft"}))
    assert second.reference in page and first.reference not in page
    page = text(client.get(url, {"level": seeds.level1.pk}))
    assert first.reference in page and second.reference not in page
    page = text(client.get(url, {"theme": seeds.theme.pk}))
    assert first.reference in page and second.reference in page

    # The referent (level 1) has it awaiting their decision; the committee not yet.
    client.force_login(seeds.referent)
    response = client.get(url)
    assert [p.reference for p in response.context["awaiting"]] == [first.reference]
    client.force_login(seeds.committee_member)  # an arbiter who does not steer
    response = client.get(url)
    assert response.status_code == 200 and response.context["awaiting"] == []
    assert "proposals" not in response.context
    services.proposal_arbitrate(proposal=first, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    response = client.get(url)
    assert [p.reference for p in response.context["awaiting"]] == [first.reference]


# --- queries ---------------------------------------------------------------------------------
def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_programme(seeds, contract, n: int, start: int):
    for i in range(start, start + n):
        theme = ThemeFactory(programme=seeds.programme, number=10 + i)
        GroupFactory(theme=theme, facilitator=seeds.facilitator, referent=seeds.referent)
        News.objects.create(programme=seeds.programme, title=f"Actualité {i}", body="x",
                            author=seeds.coordinator, contract=contract)
        other = services.contract_create(
            programme=seeds.programme, axis=seeds.axis, number=10 + i, title=f"Contrat {i}",
            manager=seeds.manager, referent=seeds.referent, objectives="x",
            deadline=datetime.date(2027, 12, 31), user=seeds.coordinator)
        for target in (contract, other):
            funded = fund(seeds, target, f"Action {i}", po=10)
            Action.objects.filter(pk=funded.action_id).update(
                status=Action.Status.DONE, completed_at=timezone.localdate())


def test_the_programme_page_queries_do_not_grow(client, seeds, contract,
                                                django_assert_max_num_queries):
    url = seeds.programme.get_absolute_url()
    grow_programme(seeds, contract, 2, 0)
    counts = {}
    for reader in (seeds.agent, seeds.coordinator):
        client.force_login(reader)
        counts[reader.pk] = count_queries(client, url)
        with django_assert_max_num_queries(20):
            client.get(url)
    grow_programme(seeds, contract, 6, 2)
    for reader in (seeds.agent, seeds.coordinator):
        client.force_login(reader)
        assert count_queries(client, url) == counts[reader.pk]


def grow_theme(seeds, n: int, start: int):
    for i in range(start, start + n):
        member = f.agent(username=f"membre-{i}", service=seeds.accueil)
        services.member_add(group=seeds.group, member=member, user=seeds.facilitator)
        idea(seeds, member, title=f"Idée {i}")
        services.meeting_record(group=seeds.group, number=i + 1,
                                date=datetime.date(2026, 3, 1 + i), status="held",
                                minutes=f"Compte rendu {i}", attendees=[member],
                                user=seeds.facilitator)
        for kind, extra in (("strength", {"how_to_keep": "x"}), ("weakness", {"causes": "x"}),
                            ("opportunity", {"gains": "x"})):
            InventoryItem.objects.create(group=seeds.group, kind=kind, title=f"{kind} {i}",
                                         **extra)
        submitted(seeds, title=f"Proposition {i}")


def test_the_theme_page_queries_do_not_grow(client, seeds, django_assert_max_num_queries):
    url = theme_url(seeds)
    grow_theme(seeds, 2, 0)
    counts = {}
    for reader in (seeds.agent, seeds.facilitator):
        client.force_login(reader)
        counts[reader.pk] = count_queries(client, url)
        with django_assert_max_num_queries(16):
            client.get(url)
    grow_theme(seeds, 6, 2)
    for reader in (seeds.agent, seeds.facilitator):
        client.force_login(reader)
        assert count_queries(client, url) == counts[reader.pk]


def test_the_proposal_list_and_page_queries_do_not_grow(client, seeds,
                                                        django_assert_max_num_queries):
    url = reverse("innovation:proposals", args=[seeds.programme.code])
    for i in range(3):
        submitted(seeds, title=f"Proposition {i}")
    client.force_login(seeds.referent)
    few = count_queries(client, url)
    proposal = Proposal.objects.first()
    detail = count_queries(client, proposal.get_absolute_url())
    with django_assert_max_num_queries(14):
        client.get(url)
    for i in range(3, 60):  # past a page of 50
        proposal_i = submitted(seeds, title=f"Proposition {i}")
        if i % 2:
            services.proposal_arbitrate(proposal=proposal_i, level=seeds.level1,
                                        decision="accepted", user=seeds.referent,
                                        comment="Conforme.")
    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    services.proposal_arbitrate(proposal=proposal, level=seeds.level2, decision="to_modify",
                                user=seeds.committee_member, comment="À revoir.")
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    assert count_queries(client, url) == few
    assert count_queries(client, url + "?page=2") <= few
    assert count_queries(client, proposal.get_absolute_url()) == detail
