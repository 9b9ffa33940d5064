import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Action
from compliance import selectors, services
from compliance.models import Evaluation, Regulation
from tests import factories as f
from tests.compliance import factories as cf
from tests.compliance.factories import row

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _evaluate(regulation, statuses, on=None, user=None):
    reqs = list(regulation.requirements.order_by("order"))
    return services.evaluation_record(
        regulation=regulation, assessor=user or regulation.owner,
        evaluated_on=on or TODAY - datetime.timedelta(days=5),
        results=[row(r, s, "Constaté sur place.") for r, s in zip(reqs, statuses, strict=False)],
    )


@pytest.fixture
def municipality(people, accueil, etat_civil):
    """Reception: one text with 4 requirements (compliant, partly, not compliant, not
    evaluated) evaluated on time; état civil: a late text with 2 requirements, one of
    them for reception too."""
    a = cf.RegulationFactory(owner=people.pilot, services=[accueil], title="Accueil ERP")
    for n in range(4):
        cf.RequirementFactory(regulation=a, article=f"art. {n + 1}", order=n)
    _evaluate(a, ["compliant", "partly", "not_compliant"])
    b = cf.RegulationFactory(owner=people.other_pilot, services=[etat_civil],
                             title="Instruction état civil")
    r1 = cf.RequirementFactory(regulation=b, article="§ 1", order=1)
    cf.RequirementFactory(regulation=b, article="§ 2", order=2, services=[accueil, etat_civil])
    _evaluate(b, ["compliant", "compliant"], on=TODAY - datetime.timedelta(days=300))
    b.refresh_from_db()
    assert b.is_late
    # Not applicable texts and archived ones are left out.
    cf.RegulationFactory(services=[accueil], applicability="not_applicable", title="Piscines",
                         applicability_reason="Sans objet")
    return {"a": a, "b": b, "r1": r1}


def test_dashboard_figures(municipality, people, accueil, etat_civil):
    rows = {r.service.code: r for r in selectors.dashboard(people.quality)}
    acc, ec = rows["accueil"], rows["etat-civil"]
    assert (acc.applicable, acc.compliant, acc.partly, acc.not_compliant,
            acc.not_evaluated, acc.late) == (5, 2, 1, 1, 1, 0)
    assert acc.share("compliant") == 40
    assert (ec.applicable, ec.compliant, ec.late) == (2, 2, 1)


def test_dashboard_not_applicable_result_left_out(people, accueil):
    reg = cf.RegulationFactory(owner=people.pilot, services=[accueil])
    req = cf.RequirementFactory(regulation=reg)
    services.evaluation_record(regulation=reg, assessor=people.pilot, evaluated_on=TODAY,
                               results=[row(req, "not_applicable", "Pas de cuisine.")])
    assert selectors.dashboard(people.quality)[0].applicable == 0


def test_dashboard_page(client, municipality, people):
    client.force_login(people.quality)
    response = client.get(reverse("compliance:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Accueil" in html and 'role="img"' in html and "<caption" in html


def test_agent_dashboard_narrowed(municipality, people):
    codes = {r.service.code for r in selectors.dashboard(people.agent)}
    assert codes == {"accueil"}  # text A only (B concerns état civil)


def _grow(accueil, n):
    for _ in range(n):
        reg = cf.RegulationFactory(services=[accueil], owner=f.UserFactory())
        for _ in range(2):
            cf.RequirementFactory(regulation=reg)


def test_register_and_dashboard_queries_constant(client, people, accueil,
                                                 django_assert_max_num_queries):
    client.force_login(people.quality)
    _grow(accueil, 3)
    for url in (reverse("compliance:register"), reverse("compliance:dashboard")):
        client.get(url)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    _grow(accueil, 15)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("compliance:register")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("compliance:dashboard")).status_code == 200
    client.force_login(people.agent)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("compliance:register") + "?late=on").status_code == 200


def test_register_filters(client, municipality, people, etat_civil):
    client.force_login(people.quality)
    response = client.get(reverse("compliance:register"), {"late": "on"})
    assert [r.title for r in response.context["regulations"]] == ["Instruction état civil"]
    response = client.get(reverse("compliance:register"), {"service": etat_civil.pk})
    assert response.context["count"] == 1
    response = client.get(reverse("compliance:register"),
                          {"applicability": "not_applicable"})
    assert response.context["count"] == 1
    response = client.get(reverse("compliance:register"),
                          {"topic": municipality["a"].topic_id})
    assert [r.title for r in response.context["regulations"]] == ["Accueil ERP"]


def test_register_visibility_per_role(client, municipality, people):
    seen = {}
    for name in ("quality", "pilot", "agent", "other_agent"):
        client.force_login(getattr(people, name))
        response = client.get(reverse("compliance:register"))
        seen[name] = {r.title for r in response.context["regulations"]}
    assert seen["quality"] == {"Accueil ERP", "Instruction état civil", "Piscines"}
    assert seen["pilot"] == seen["agent"] == {"Accueil ERP", "Piscines"}
    assert seen["other_agent"] == {"Instruction état civil"}
    auditor = f.UserFactory(role="Auditeur")
    client.force_login(auditor)
    assert client.get(reverse("compliance:register")).context["count"] == 3


def test_regulation_page(client, municipality, people):
    a = municipality["a"]
    client.force_login(people.agent)
    response = client.get(reverse("compliance:regulation", args=[a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "art. 3" in html and "Constaté sur place." in html
    assert reverse("compliance:evaluate", args=[a.pk]) not in html  # agents only read
    client.force_login(people.other_agent)
    assert client.get(reverse("compliance:regulation", args=[a.pk])).status_code == 404


def test_evaluation_form_permissions(client, municipality, people):
    a, b = municipality["a"], municipality["b"]
    url = reverse("compliance:evaluate", args=[a.pk])
    client.force_login(people.agent)
    assert client.get(url).status_code == 403
    client.force_login(people.other_pilot)
    assert client.get(url).status_code == 404
    client.force_login(people.pilot)
    assert client.get(url).status_code == 200
    assert client.get(reverse("compliance:evaluate", args=[b.pk])).status_code == 404
    client.force_login(people.quality)
    assert client.get(reverse("compliance:evaluate", args=[b.pk])).status_code == 200


def test_evaluation_form_records(client, municipality, people):
    b = municipality["b"]
    reqs = list(b.requirements.order_by("order"))
    client.force_login(people.other_pilot)
    url = reverse("compliance:evaluate", args=[b.pk])
    data = {"evaluated_on": TODAY.isoformat(), "assessor": people.other_pilot.pk,
            "comment": "Contrôle annuel",
            f"req-{reqs[0].pk}-status": "not_compliant",
            f"req-{reqs[0].pk}-evidence": "",
            f"req-{reqs[1].pk}-status": "compliant",
            f"req-{reqs[1].pk}-evidence": "Registre vu."}
    before = Evaluation.objects.count()
    response = client.post(url, data)
    assert response.status_code == 400
    assert reqs[0].article in response.content.decode()
    assert Evaluation.objects.count() == before
    data[f"req-{reqs[0].pk}-evidence"] = "Registre absent."
    response = client.post(url, data)
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.last_evaluated_on == TODAY and not b.is_late
    assert Action.objects.for_source(reqs[0]).open().count() == 1


def test_xlsx_export_read_back(client, municipality, people):
    client.force_login(people.quality)
    response = client.get(reverse("compliance:export"), {"late": "on"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    texts = wb.worksheets[0]
    values = [[c.value for c in r] for r in texts.iter_rows()]
    assert len(values) == 2  # header + the late text
    header = values[0]
    assert values[1][header.index(texts.cell(1, 4).value)] == "Instruction état civil"
    assert isinstance(values[1][14], datetime.datetime)  # next due stays a date
    reqs = [[c.value for c in r] for r in wb.worksheets[1].iter_rows()]
    assert [r[1] for r in reqs[1:]] == ["§ 1", "§ 2"]
    response = client.get(reverse("compliance:export"))
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row == 4  # 3 texts


def test_agent_export_narrowed(client, municipality, people):
    client.force_login(people.other_agent)
    wb = load_workbook(io.BytesIO(client.get(reverse("compliance:export")).content))
    assert wb.worksheets[0].max_row == 2


def test_permissions_matrix(municipality, people):
    from compliance import permissions as p

    a = Regulation.objects.get(pk=municipality["a"].pk)
    assert p.can_edit_regulation(people.quality, a)
    assert p.can_edit_regulation(people.pilot, a)
    assert not p.can_edit_regulation(people.other_pilot, a)
    assert not p.can_edit_regulation(people.agent, a)
    assert p.can_view_regulation(people.agent, a)
    assert not p.can_view_regulation(people.other_agent, a)
    direction = f.UserFactory(role="Direction")
    assert p.can_view_regulation(direction, a) and not p.can_edit_regulation(direction, a)
    # A pilot owning a text of another service manages it.
    b = municipality["b"]
    b.owner = people.pilot
    b.save()
    assert p.can_evaluate(people.pilot, b)
