"""The quality policy (§5.2) and the QMS scope (§4.3) as controlled documents: bad input
refused in French, published through the workflow, acknowledged by their agents, and the
policy's acknowledgement rate (figure for everyone, breakdown for those who follow)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from documents import selectors, services
from documents.models import (
    Acknowledgement,
    LibraryPage,
    QmsScopePage,
    QualityPolicyPage,
)
from documents.models.governance import ExclusionBlock, exclusion_message
from qms import roles
from tests import factories as f

from .factories import EXCLUSION_8_3, agents, make_policy, make_scope


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def quality_service(people):
    return people.quality.service


@pytest.fixture
def policy(library, people, accueil, etat_civil, quality_service):
    page = make_policy(library, owner_service=quality_service, author=people.quality2,
                       applies_to=[accueil, etat_civil])
    # The quality service has no pilot: a quality engineer verifies, another approves.
    return f.publish(page, verifier=people.quality, approver=people.quality,
                     submitter=people.quality2)


def refresh(page):
    return Page.objects.get(pk=page.pk).specific


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


# --- types in the library -------------------------------------------------------------


def test_both_types_are_created_in_the_library_only():
    assert "documents.QualityPolicyPage" in LibraryPage.subpage_types
    assert "documents.QmsScopePage" in LibraryPage.subpage_types
    assert QualityPolicyPage.parent_page_types == ["documents.LibraryPage"]
    assert QmsScopePage.parent_page_types == ["documents.LibraryPage"]
    assert QualityPolicyPage.is_creatable and QmsScopePage.is_creatable


def test_several_policies_are_allowed(library, people, accueil, etat_civil, quality_service):
    """The city's policy, and the CCAS's own."""
    make_policy(library, owner_service=quality_service, author=people.quality,
                applies_to=[accueil])
    make_policy(library, owner_service=etat_civil, author=people.other_pilot,
                applies_to=[etat_civil], reference="POL-CCAS-001")
    assert QualityPolicyPage.objects.count() == 2


# --- bad input ------------------------------------------------------------------------


def test_policy_without_commitment_refused(library, people, quality_service):
    page = QualityPolicyPage(
        title="Politique", slug="politique", reference="POL-002", owner_service=quality_service,
        change_summary="Création", signatory_name="A. Vasseur", signatory_title="Maire",
        signed_on=timezone.localdate(), commitments=[],
    )
    errors = errors_of(page)
    assert errors["commitments"] == [
        gettext("State at least one commitment: a quality policy commits the management.")
    ]


def test_policy_signed_in_the_future_refused(library, people, quality_service):
    page = QualityPolicyPage(
        title="Politique", slug="politique", reference="POL-002", owner_service=quality_service,
        change_summary="Création", signatory_name="A. Vasseur", signatory_title="Maire",
        signed_on=timezone.localdate() + timedelta(days=3),
        commitments=[("commitment", {"title": "Écouter les usagers", "detail": ""})],
    )
    assert errors_of(page)["signed_on"] == [
        gettext("The policy cannot be signed on a future date.")
    ]


def test_unknown_standard_refused(library, people, quality_service, accueil):
    page = make_policy(library, owner_service=quality_service, author=people.quality,
                       applies_to=[accueil])
    page.standards = ["iso-9001", "iso-27001"]
    assert "standards" in errors_of(page)


def test_exclusion_without_justification_refused(library, people, accueil, quality_service):
    unjustified = ("exclusion", {"clause": "8.3", "requirement": "Conception",
                                 "justification": "  "})
    page = QmsScopePage(
        title="Domaine", slug="domaine", reference="DOM-002", owner_service=quality_service,
        change_summary="Création", activities="Accueil", services=[accueil],
        exclusions=[unjustified],
    )
    assert errors_of(page)["exclusions"] == [exclusion_message("8.3")]
    assert exclusion_message("8.3") == gettext(
        "Justify the exclusion of clause %(clause)s: a requirement may be excluded only "
        "when it cannot apply to the scope."
    ) % {"clause": "8.3"}
    # The block says the same in the admin form, under the justification field.
    with pytest.raises(StructBlockValidationError) as caught:
        ExclusionBlock().clean(ExclusionBlock().to_python(unjustified[1]))
    assert caught.value.block_errors["justification"].messages == [exclusion_message("8.3")]
    # Justified, it passes.
    page.exclusions = [EXCLUSION_8_3]
    page.clean()


def test_scope_without_services_refused(library, people, quality_service):
    page = QmsScopePage(
        title="Domaine", slug="domaine", reference="DOM-002", owner_service=quality_service,
        change_summary="Création", activities="Accueil",
    )
    assert errors_of(page)["services"] == [
        gettext("Choose the services the scope covers: at least one.")
    ]


def scope_form(user, parent, **data):
    form_class = QmsScopePage.get_edit_handler().get_form_class()
    values = {
        "title": "Domaine d'application", "slug": "domaine", "reference": "DOM-010",
        "owner_service": user.service_id, "author": user.pk, "applies_to_services": [],
        "review_period_months": 24, "change_summary": "Création", "summary": "",
        "services": [], "sites": [], "standards": ["iso-9001"],
        "activities": "Accueil des usagers", "boundaries": "",
        "exclusions": streamfield([]), "body": streamfield([]),
    }
    values.update(data)
    lists = {key: values.pop(key) for key in ("services", "sites", "standards",
                                               "applies_to_services")}
    form_data = nested_form_data(values)
    form_data.update(lists)  # check boxes: lists of values
    return form_class(form_data, instance=QmsScopePage(), for_user=user, parent_page=parent)


def test_admin_form_refuses_unjustified_exclusion_and_missing_services(library, people, accueil):
    form = scope_form(
        people.quality, library,
        exclusions=streamfield([("exclusion", {"clause": "8.3", "requirement": "Conception",
                                               "justification": ""})]),
    )
    assert not form.is_valid()
    assert "services" in form.errors
    assert exclusion_message("8.3") in str(form.errors["exclusions"].as_data()[0].as_json_data())
    # The other values are kept in the form, nothing lost.
    assert form.data["activities"] == "Accueil des usagers"
    form = scope_form(people.quality, library, services=[accueil.pk],
                      exclusions=streamfield([EXCLUSION_8_3]))
    assert form.is_valid(), form.errors


def test_policy_admin_form_valid(library, people, accueil):
    form_class = QualityPolicyPage.get_edit_handler().get_form_class()
    data = nested_form_data({
        "title": "Politique qualité", "slug": "politique", "reference": "POL-010",
        "owner_service": people.pilot.service_id, "author": people.pilot.pk,
        "review_period_months": 12,
        "change_summary": "Création", "summary": "", "signatory_name": "A. Vasseur",
        "signatory_title": "Maire", "signed_on": "2026-01-15",
        "commitments": streamfield([("commitment", {"title": "Écouter", "detail": ""})]),
        "body": streamfield([("paragraph", rich_text("<p>Notre ambition.</p>"))]),
    })
    data.update({"applies_to_services": [accueil.pk], "standards": ["iso-9001", "iso-14001"]})
    form = form_class(data, instance=QualityPolicyPage(), for_user=people.pilot,
                      parent_page=library)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["standards"] == ["iso-9001", "iso-14001"]


# --- workflow and acknowledgement -----------------------------------------------------


def test_policy_published_through_the_workflow_asks_its_agents(policy, people):
    assert policy.live and policy.version == 1
    assert policy.approver == people.quality
    readers = set(
        Acknowledgement.objects.filter(version__page=policy).values_list("user__username",
                                                                        flat=True)
    )
    assert {"agent", "agent2", "pilote", "agent-ec", "pilote-ec"} <= readers
    assert "qualite" not in readers  # the quality service is not among its services


def test_scope_agents_of_covered_services_acknowledge(library, people, accueil, etat_civil,
                                                      quality_service):
    page = make_scope(library, owner_service=quality_service, author=people.quality2,
                      services=[accueil])
    page = f.publish(page, verifier=people.quality, approver=people.quality,
                     submitter=people.quality2)
    assert page.live and page.version == 1
    assert list(page.services.all()) == [accueil]
    assert set(page.applies_to_services.all()) == {accueil}
    readers = set(Acknowledgement.objects.filter(version__page=page)
                  .values_list("user__username", flat=True))
    assert readers == {"agent", "agent2", "pilote"}


def test_agent_sees_only_the_published_version(client, policy, people):
    draft = refresh(policy).get_latest_revision_as_object()
    draft.commitments = [("commitment", {"title": "Engagement en projet", "detail": ""})]
    draft.change_summary = "Projet de révision"
    draft.save_revision(user=people.quality2)
    client.force_login(people.agent)
    html = client.get(policy.url).content.decode()
    assert "Répondre à chaque usager dans les délais affichés" in html
    assert "Engagement en projet" not in html
    assert "Anne-Marie Vasseur" in html


def test_agent_cannot_open_a_draft_policy(client, library, people, accueil, quality_service):
    page = make_policy(library, owner_service=quality_service, author=people.quality,
                       applies_to=[accueil])
    client.force_login(people.agent)
    assert client.get(page.url).status_code == 404


def test_agent_acknowledges_the_policy(client, policy, people):
    client.force_login(people.agent)
    response = client.post(policy.url + "acknowledge/", follow=True)
    assert response.status_code == 200
    assert Acknowledgement.objects.get(version__page=policy, user=people.agent).acknowledged_at


# --- the acknowledgement rate ----------------------------------------------------------


def test_rate_counts_the_agents_of_the_services(policy, people, accueil, etat_civil):
    rate = selectors.policy_acknowledgement_rate(policy)
    # accueil: pilote, agent, agent2; état civil: pilote-ec, agent-ec
    assert (rate.total, rate.done, rate.rate) == (5, 0, 0)
    services.document_acknowledge(page=policy, user=people.agent)
    services.document_acknowledge(page=policy, user=people.other_agent)
    rate = selectors.policy_acknowledgement_rate(policy)
    assert (rate.total, rate.done, rate.rate, rate.missing) == (5, 2, 40, 3)
    by_service = {row.service_id: (row.total, row.done, row.rate) for row in rate.by_service}
    assert by_service == {accueil.pk: (3, 1, 33), etat_civil.pk: (2, 1, 50)}
    only = selectors.policy_acknowledgement_rate(policy, services=[etat_civil])
    assert (only.total, only.done, only.rate) == (2, 1, 50)


def test_rate_counts_newcomers_and_ignores_departures(policy, people, accueil):
    services.document_acknowledge(page=policy, user=people.agent)
    f.agent(username="nouveau", service=accueil)  # arrived after the publication
    people.agent2.is_active = False
    people.agent2.save()
    rate = selectors.policy_acknowledgement_rate(policy, services=[accueil])
    assert (rate.total, rate.done) == (3, 1)  # pilote, agent, nouveau


def test_rate_of_an_old_version_does_not_count(policy, people):
    services.document_acknowledge(page=policy, user=people.agent)
    page = refresh(policy)
    page.change_summary = "Révision annuelle"
    page.save_revision(user=people.quality2)
    f.publish(page, verifier=people.quality, approver=people.quality,
              submitter=people.quality2)
    rate = selectors.policy_acknowledgement_rate(refresh(policy))
    assert rate.done == 0 and rate.total == 5


def test_rate_is_constant_in_queries(policy, people, accueil, etat_civil):
    def measure():
        with CaptureQueriesContext(connection) as ctx:
            selectors.policy_acknowledgement_rate(policy)
        return len(ctx.captured_queries)

    small = measure()
    for agent in agents(accueil, 12, "acc") + agents(etat_civil, 8, "ec"):
        Acknowledgement.objects.create(
            version=policy.versions.get(), user=agent, service=agent.service,
            acknowledged_at=timezone.now(),
        )
    assert measure() == small <= 5
    assert selectors.policy_acknowledgement_rate(policy).done == 20


# --- the policy page by role ------------------------------------------------------------


def other_service_agents(etat_civil):
    return agents(etat_civil, 3, "ec")


@pytest.mark.parametrize(
    "who, breakdown",
    [("agent", None), ("pilot", "own"), ("quality", "all"), ("auditor", "all"),
     ("direction", "all")],
)
def test_policy_page_by_role(client, policy, people, accueil, etat_civil, who, breakdown):
    users = {
        "agent": people.agent, "pilot": people.pilot, "quality": people.quality,
        "auditor": f.UserFactory(username="auditeur", role=roles.AUDITOR),
        "direction": f.UserFactory(username="dg", role=roles.DIRECTION),
    }
    services.document_acknowledge(page=policy, user=people.agent)
    client.force_login(users[who])
    response = client.get(policy.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-rate="20"' in html  # 1 of 5: the figure, for everyone
    assert "<svg" in html and 'role="img"' in html
    rows = response.context["policy_rate_breakdown"]
    if breakdown is None:
        assert rows is None
        assert "ack-rate-services" not in html
    elif breakdown == "own":
        assert [row.service_id for row in rows] == [accueil.pk]
        assert "ack-rate-services" in html and "État civil" not in html.split("ack-rate")[-1]
    else:
        assert {row.service_id for row in rows} == {accueil.pk, etat_civil.pk}


# Queries of the policy page, whatever the number of agents: the document page's own
# (versions, acknowledgement, child documents, services it applies to) and the rate's
# (services and sub-services, one aggregate), plus the session, user and roles.
POLICY_PAGE_QUERIES = {"agent": 23, "pilot": 26, "quality": 23}


@pytest.mark.parametrize("who", sorted(POLICY_PAGE_QUERIES))
def test_policy_page_queries_constant(client, policy, people, accueil, etat_civil,
                                      django_assert_max_num_queries, who):
    user = {"agent": people.agent, "pilot": people.pilot, "quality": people.quality}[who]
    client.force_login(user)
    client.get(policy.url)  # warm the caches (content types, site root paths)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(policy.url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    agents(accueil, 15, "acc")
    agents(etat_civil, 15, "ec")
    assert count() == small
    with django_assert_max_num_queries(POLICY_PAGE_QUERIES[who]):
        client.get(policy.url)


def test_scope_page_renders_services_sites_and_exclusions(client, library, people, accueil,
                                                          quality_service,
                                                          django_assert_max_num_queries):
    site = f.SiteFactory(name="Hôtel de ville")
    page = make_scope(library, owner_service=quality_service, author=people.quality2,
                      services=[accueil], sites=[site],
                      boundaries="La collecte des déchets est intercommunale.")
    page = f.publish(page, verifier=people.quality, approver=people.quality,
                     submitter=people.quality2)
    client.force_login(people.agent)
    client.get(page.url)
    with django_assert_max_num_queries(21):
        response = client.get(page.url)
    html = response.content.decode()
    assert "Accueil – Guichet unique" in html and "Hôtel de ville" in html
    assert "Les services de la ville sont définis par la réglementation." in html
    assert "intercommunale" in html
    assert "<caption" in html


def test_library_lists_and_filters_the_governance_documents(client, policy, library, people):
    client.force_login(people.agent)
    html = client.get(library.url + "?type=policy").content.decode()
    assert "POL-001" in html


# --- the controlled copy ----------------------------------------------------------------


def pdf_text(client, url):
    import io

    from pypdf import PdfReader

    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_policy_pdf_carries_commitments_and_signature(client, policy, people):
    client.force_login(people.agent)
    text = pdf_text(client, policy.url + "pdf/")
    assert "POL-001" in text
    assert "Répondre à chaque usager dans les délais affichés" in text
    assert "Anne-Marie Vasseur, Maire" in text
    assert gettext("Our commitments") in text


def test_scope_pdf_carries_services_and_justified_exclusions(client, library, people, accueil,
                                                            quality_service):
    page = make_scope(library, owner_service=quality_service, author=people.quality2,
                      services=[accueil])
    page = f.publish(page, verifier=people.quality, approver=people.quality,
                     submitter=people.quality2)
    client.force_login(people.agent)
    text = pdf_text(client, page.url + "pdf/")
    assert "Accueil – Guichet unique" in text
    assert "8.3 — Conception et développement" in text
    assert "définis par la réglementation" in text
