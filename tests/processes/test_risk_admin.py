"""The risk sheets and risks in the back office: a pilot lists and edits the sheets and
risks of their services only (another service's risk is refused, with Wagtail's French
message), the quality engineer all; the form validates through the model (ratings 1-4,
residual both or neither, a treatment that fits the kind) and nothing is lost; the
reference is numbered by the sheet; nothing is deleted."""

import html

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from processes.models import Risk, RiskSheet
from tests.processes.factories import ProcessFactory
from tests.processes.test_risk_models import RiskWorld


@pytest.fixture
def risks(people, accueil, etat_civil):
    return RiskWorld(people, accueil, etat_civil)


def url(model, view, *args):
    return reverse(f"wagtailsnippets_processes_{model}:{view}", args=args)


def page(response) -> str:
    return response.content.decode()


def risk_form(risk, **changes):
    data = {
        "sheet": risk.sheet_id, "reference": risk.reference, "kind": risk.kind,
        "title": risk.title, "description": risk.description, "cause": risk.cause,
        "consequence": risk.consequence, "origin_issue": "",
        "impacted_parties": list(risk.impacted_parties or []),
        "likelihood": risk.likelihood, "severity": risk.severity,
        "existing_controls": risk.existing_controls, "treatment": risk.treatment,
        "treatment_rationale": risk.treatment_rationale,
        "residual_likelihood": risk.residual_likelihood or "",
        "residual_severity": risk.residual_severity or "",
        "reviewed_at": "", "reviewer": "",
        "review_date": risk.review_date.isoformat() if risk.review_date else "",
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_a_pilot_lists_the_risks_and_sheets_of_their_services(client, risks):
    client.force_login(risks.people.pilot)
    html = page(client.get(url("risk", "list")))
    assert "R-PRC-R01-01" in html and "R-PRC-R02-01" not in html
    sheets = page(client.get(url("risksheet", "list")))
    assert "PRC-R01" in sheets and "PRC-R02" not in sheets
    client.force_login(risks.people.quality)
    html = page(client.get(url("risk", "list")))
    assert "R-PRC-R01-01" in html and "R-PRC-R02-01" in html and "R-PRC-M01-01" in html


def test_the_list_filters(client, risks):
    client.force_login(risks.people.quality)
    html = page(client.get(url("risk", "list") + "?level=critical"))
    assert "R-PRC-R02-01" in html and "R-PRC-R01-02" not in html
    html = page(client.get(url("risk", "list") + f"?process={risks.civil.pk}"))
    assert "R-PRC-R02-01" in html and "R-PRC-R01-01" not in html
    html = page(client.get(url("risk", "list") + "?kind=opportunity"))
    assert "R-PRC-R01-04" in html and "R-PRC-R01-01" not in html
    html = page(client.get(url("risk", "list") + f"?service={risks.accueil.pk}&q=guichet"))
    assert "R-PRC-R01-01" in html and "R-PRC-R01-02" not in html


def test_a_pilot_edits_their_services_risk(client, risks):
    client.force_login(risks.people.pilot)
    edit = url("risk", "edit", risks.phone.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, risk_form(risks.phone, severity=4,
                                           impacted_parties=["users", "citizens"]))
    assert response.status_code == 302, page(response)[:2000]
    risks.phone.refresh_from_db()
    assert risks.phone.severity == 4 and risks.phone.impacted_parties == ["users", "citizens"]
    assert risks.phone.history.latest().history_user == risks.people.pilot


def test_editing_another_services_risk_is_refused_in_french(client, risks):
    client.force_login(risks.people.pilot)
    with translation.override("fr"):
        expected = gettext("Sorry, you do not have permission to access this area.")
    assert expected.startswith("Désolé")
    edit = url("risk", "edit", risks.fraud.pk)
    response = client.get(edit)
    assert refused(response)
    response = client.post(edit, risk_form(risks.fraud, title="Changé"))
    assert refused(response)
    assert expected in [html.unescape(str(m)).strip()
                        for m in get_messages(response.wsgi_request)]
    risks.fraud.refresh_from_db()
    assert risks.fraud.title == "Fraude documentaire"
    assert refused(client.get(url("risksheet", "edit", risks.civil_sheet.pk)))
    assert refused(client.get(url("risk", "history", risks.fraud.pk)))


def test_a_pilot_may_not_move_a_risk_to_another_services_sheet(client, risks):
    client.force_login(risks.people.pilot)
    response = client.post(url("risk", "edit", risks.phone.pk),
                           risk_form(risks.phone, sheet=risks.civil_sheet.pk))
    assert response.status_code == 200
    assert "sheet" in response.context["form"].errors
    risks.phone.refresh_from_db()
    assert risks.phone.sheet == risks.reception_sheet


@pytest.mark.parametrize(("changes", "field"), [
    ({"likelihood": 5}, "likelihood"),
    ({"severity": 0}, "severity"),
    ({"residual_likelihood": 2, "residual_severity": ""}, "residual_severity"),
    ({"residual_likelihood": 5, "residual_severity": 2}, "residual_likelihood"),
])
def test_bad_ratings_are_refused_and_nothing_is_lost(client, risks, changes, field):
    client.force_login(risks.people.pilot)
    response = client.post(url("risk", "edit", risks.phone.pk),
                           risk_form(risks.phone, title="Titre changé", **changes),
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    risks.phone.refresh_from_db()
    assert (risks.phone.title, risks.phone.likelihood, risks.phone.severity) == (
        "Appels non décrochés", 3, 3)


def test_an_opportunity_is_not_reduced(client, risks):
    client.force_login(risks.people.pilot)
    response = client.post(url("risk", "edit", risks.online.pk),
                           risk_form(risks.online, treatment=Risk.Treatment.REDUCE))
    assert response.status_code == 200
    assert "treatment" in response.context["form"].errors
    risks.online.refresh_from_db()
    assert risks.online.treatment == Risk.Treatment.PURSUE


def test_a_new_risk_takes_the_sheets_next_reference(client, risks):
    client.force_login(risks.people.pilot)
    response = client.post(url("risk", "add"), {
        "sheet": risks.reception_sheet.pk, "reference": "", "kind": Risk.Kind.RISK,
        "title": "Agression d'un agent", "likelihood": 2, "severity": 4,
        "impacted_parties": ["agents"], "treatment": "", "is_active": "on",
    })
    assert response.status_code == 302, page(response)[:3000]
    risk = Risk.objects.get(title="Agression d'un agent")
    assert risk.reference == "R-PRC-R01-05"
    # a pilot may not add a risk to another service's sheet
    response = client.post(url("risk", "add"), {
        "sheet": risks.civil_sheet.pk, "kind": Risk.Kind.RISK, "title": "Intrus",
        "likelihood": 2, "severity": 2, "is_active": "on",
    })
    assert response.status_code == 200 and "sheet" in response.context["form"].errors
    assert not Risk.objects.filter(title="Intrus").exists()


def test_a_pilot_creates_the_sheet_of_their_process_only(client, risks):
    new = ProcessFactory(code="PRC-R09", service=risks.accueil)
    other = ProcessFactory(code="PRC-R10", service=risks.etat_civil)
    client.force_login(risks.people.pilot)
    response = client.post(url("risksheet", "add"), {
        "process": other.pk, "service": risks.etat_civil.pk, "title": "Intrus",
        "is_active": "on",
    })
    assert response.status_code == 200
    assert not RiskSheet.objects.filter(process=other).exists()
    response = client.post(url("risksheet", "add"), {
        "process": new.pk, "service": risks.accueil.pk, "title": "Fiche PRC-R09",
        "is_active": "on",
    })
    assert response.status_code == 302, page(response)[:2000]
    assert RiskSheet.objects.get(process=new).service == risks.accueil


def test_nothing_is_deleted_from_the_back_office(client, risks):
    client.force_login(risks.people.quality)
    assert refused(client.get(url("risk", "delete", risks.typo.pk)))
    assert Risk.objects.filter(pk=risks.typo.pk).exists()


def test_agents_have_no_access_to_the_back_office_risks(client, risks):
    client.force_login(risks.people.agent)
    response = client.get(url("risk", "list"))
    assert response.status_code in (302, 403)
