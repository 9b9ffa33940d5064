"""The documents' evidence kinds for the readiness matrix (qms.evidence): the QMS scope,
the quality policy, document control and awareness. Each is found (covered), partly
found (gaps in plain French) or missing, ignores the other services, and answers in a
fixed number of queries whatever the number of documents and agents."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from audits.models import Standard
from documents import evidence, services
from documents.models import Acknowledgement, ControlledDocumentPage
from qms import evidence as registry
from qms.evidence import Coverage, EvidenceContext
from tests import factories as f

from .factories import agents, make_policy, make_scope


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def context(service, standard="iso-9001", today=None):
    from qms.models import Service

    ids = frozenset(
        Service.objects.filter(pk=service.pk).with_descendants().values_list("pk", flat=True)
    )
    return EvidenceContext(
        service=service, service_ids=ids, standard=Standard.objects.get(code=standard),
        criteria=[], today=today or timezone.localdate(),
    )


def queries(finder, ctx):
    with CaptureQueriesContext(connection) as captured:
        result = finder(ctx)
    return result, len(captured.captured_queries)


def publish(page, people):
    return f.publish(page, verifier=people.quality, approver=people.quality,
                     submitter=people.quality2)


@pytest.fixture
def dgs(people):
    return people.quality.service


@pytest.fixture
def policy(library, people, accueil, dgs):
    page = make_policy(library, owner_service=dgs, author=people.quality2,
                       applies_to=[accueil])
    return publish(page, people)


def test_the_four_kinds_are_registered():
    for code in ("quality_policy", "qms_scope", "document_control", "awareness"):
        kind = registry.get(code)
        assert kind is not None, code
        assert kind.finder == f"documents.evidence.{code}"
        assert str(kind.label)


# --- qms_scope ------------------------------------------------------------------------


def test_scope_covers_the_service(library, people, accueil, etat_civil, dgs):
    scope = publish(make_scope(library, owner_service=dgs, author=people.quality2,
                               services=[accueil]), people)
    result, count = queries(evidence.qms_scope, context(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert [item.label for item in result.items] == [f"{scope.reference} — {scope.title}"]
    assert result.items[0].url == scope.url
    assert count == 1
    # The other service is in no scope.
    other = evidence.qms_scope(context(etat_civil))
    assert other.coverage == Coverage.MISSING
    assert other.gaps == [
        gettext("The service is not in any published scope of the management system.")
    ]


def test_scope_of_a_direction_covers_its_services(library, people, accueil, dgs):
    direction = f.ServiceFactory(code="dpc", name="Population", kind="direction")
    accueil.parent = direction
    accueil.save()
    publish(make_scope(library, owner_service=dgs, author=people.quality2,
                       services=[direction]), people)
    assert evidence.qms_scope(context(accueil)).coverage == Coverage.COVERED


def test_draft_scope_or_other_standard_is_no_evidence(library, people, accueil, dgs):
    make_scope(library, owner_service=dgs, author=people.quality2, services=[accueil])
    assert evidence.qms_scope(context(accueil)).coverage == Coverage.MISSING
    publish(make_scope(library, owner_service=dgs, author=people.quality2, services=[accueil],
                       reference="DOM-002", standards=["iso-14001"]), people)
    assert evidence.qms_scope(context(accueil)).coverage == Coverage.MISSING
    assert evidence.qms_scope(context(accueil, "iso-14001")).coverage == Coverage.COVERED


def test_scope_overdue_for_review_is_partly(library, people, accueil, dgs):
    scope = publish(make_scope(library, owner_service=dgs, author=people.quality2,
                               services=[accueil]), people)
    due = timezone.localdate() - timedelta(days=10)
    ControlledDocumentPage.objects.filter(pk=scope.pk).update(next_review_date=due)
    result = evidence.qms_scope(context(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        gettext("The scope %(reference)s was due for review on %(date)s.")
        % {"reference": "DOM-001", "date": date_format(due, "SHORT_DATE_FORMAT")}
    ]


# --- quality_policy -------------------------------------------------------------------


def test_policy_acknowledged_by_every_agent_is_covered(policy, people, accueil):
    for user in (people.pilot, people.agent, people.agent2):
        services.document_acknowledge(page=policy, user=user)
    result, count = queries(evidence.quality_policy, context(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert result.items[0].label == f"POL-001 — {policy.title}"
    assert "100" in result.items[0].detail
    assert count <= 2


def test_policy_acknowledged_by_a_third_is_partly(policy, people, accueil):
    services.document_acknowledge(page=policy, user=people.agent)
    result = evidence.quality_policy(context(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        gettext("%(percent)s %% of the agents have not acknowledged the quality policy.")
        % {"percent": 67}
    ]


def test_no_policy_is_missing_and_other_service_ignored(policy, people, etat_civil):
    result = evidence.quality_policy(context(etat_civil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [gettext("No published quality policy applies to the service.")]


def test_policy_overdue_for_review_is_partly(policy, people, accueil):
    for user in (people.pilot, people.agent, people.agent2):
        services.document_acknowledge(page=policy, user=user)
    due = timezone.localdate() - timedelta(days=1)
    ControlledDocumentPage.objects.filter(pk=policy.pk).update(next_review_date=due)
    result = evidence.quality_policy(context(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        gettext("The quality policy %(reference)s was due for review on %(date)s.")
        % {"reference": "POL-001", "date": date_format(due, "SHORT_DATE_FORMAT")}
    ]


def test_policy_queries_constant_with_agents(policy, people, accueil):
    _result, small = queries(evidence.quality_policy, context(accueil))
    for agent in agents(accueil, 25, "acc"):
        services.document_acknowledge(page=policy, user=agent)
    result, large = queries(evidence.quality_policy, context(accueil))
    assert large == small == 2
    assert result.coverage == Coverage.PARTLY  # 25 of 28: 89 %, just under 90 %
    assert result.gaps == [
        gettext("%(percent)s %% of the agents have not acknowledged the quality policy.")
        % {"percent": 11}
    ]


# --- document_control -----------------------------------------------------------------


def published_documents(library, people, service, start, count, author):
    pilot = people.pilot if service.code == "accueil" else people.other_pilot
    pages = []
    for i in range(start, start + count):
        page = f.make_document(library, owner_service=service, author=author,
                               reference=f"PRO-{service.code.upper()}-{i:03d}",
                               applies_to=[service])
        pages.append(f.publish(page, verifier=pilot, approver=people.quality))
    return pages


def test_document_control_covered_partly_missing(library, people, accueil, etat_civil):
    assert evidence.document_control(context(accueil)).gaps == [
        gettext("The service has no published controlled document.")
    ]
    pages = published_documents(library, people, accueil, 1, 3, people.agent)
    published_documents(library, people, etat_civil, 1, 1, people.other_agent)
    result, count = queries(evidence.document_control, context(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert [item.label.split(" — ")[0] for item in result.items] == [
        "PRO-ACCUEIL-001", "PRO-ACCUEIL-002", "PRO-ACCUEIL-003"
    ]
    assert count == 2
    overdue = timezone.localdate() - timedelta(days=30)
    ControlledDocumentPage.objects.filter(pk=pages[1].pk).update(next_review_date=overdue)
    result, count = queries(evidence.document_control, context(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        ngettext("%(count)s document overdue for its periodic review: %(references)s.",
                 "%(count)s documents overdue for their periodic review: %(references)s.", 1)
        % {"count": 1, "references": "PRO-ACCUEIL-002"}
    ]
    assert count == 3
    # État civil's document is neither listed nor counted for the reception.
    assert evidence.document_control(context(etat_civil)).coverage == Coverage.COVERED


def test_document_control_unrecorded_approval_is_a_gap(library, people, accueil):
    pages = published_documents(library, people, accueil, 1, 1, people.agent)
    ControlledDocumentPage.objects.filter(pk=pages[0].pk).update(approver=None)
    result = evidence.document_control(context(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        ngettext("%(count)s published document without a recorded approval.",
                 "%(count)s published documents without a recorded approval.", 1)
        % {"count": 1}
    ]


def test_document_control_constant_queries_and_more(library, people, accueil):
    published_documents(library, people, accueil, 1, 2, people.agent)
    ControlledDocumentPage.objects.update(next_review_date=timezone.localdate() - timedelta(1))
    _result, small = queries(evidence.document_control, context(accueil))
    published_documents(library, people, accueil, 3, 10, people.agent)
    ControlledDocumentPage.objects.update(next_review_date=timezone.localdate() - timedelta(1))
    result, large = queries(evidence.document_control, context(accueil))
    assert large == small == 3
    assert len(result.items) == registry.MAX_ITEMS and result.more == 2
    assert result.gaps[0].startswith("12 ") and result.gaps[0].endswith("….")


# --- awareness --------------------------------------------------------------------------


def test_awareness(library, people, accueil, etat_civil):
    result = evidence.awareness(context(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [
        gettext("No published document has been given to the service's agents to read.")
    ]
    pages = published_documents(library, people, accueil, 1, 2, people.agent)
    published_documents(library, people, etat_civil, 1, 1, people.other_agent)
    result, count = queries(evidence.awareness, context(accueil))
    assert result.coverage == Coverage.PARTLY  # nobody has read anything yet
    assert count == 2
    assert result.gaps == [
        ngettext("%(count)s agent has documents left to acknowledge: %(names)s.",
                 "%(count)s agents have documents left to acknowledge: %(names)s.", 3)
        % {"count": 3, "names": ", ".join(
            f"{u.first_name} {u.last_name} (2)"
            for u in sorted([people.pilot, people.agent, people.agent2],
                            key=lambda u: (u.last_name, u.pk)))}
    ]
    for page in pages:
        for user in (people.pilot, people.agent, people.agent2):
            services.document_acknowledge(page=page, user=user)
    result, count = queries(evidence.awareness, context(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert count == 1
    # État civil's agents have not read theirs: that is État civil's gap, not ours.
    assert evidence.awareness(context(etat_civil)).coverage == Coverage.PARTLY


def test_awareness_constant_queries(library, people, accueil):
    published_documents(library, people, accueil, 1, 1, people.agent)
    _result, small = queries(evidence.awareness, context(accueil))
    new = agents(accueil, 20, "acc")
    page = ControlledDocumentPage.objects.get()
    version = page.versions.get()
    Acknowledgement.objects.bulk_create(
        [Acknowledgement(version=version, user=agent, service=accueil) for agent in new]
    )
    result, large = queries(evidence.awareness, context(accueil))
    assert large == small == 2
    assert result.coverage == Coverage.PARTLY
    assert result.gaps[0].endswith("….")  # 23 named at most MAX_ITEMS
