import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from actions.models import Action
from providers import services
from providers.models import Evaluation
from tests.providers.conftest import all_scores
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _evaluate(provider, criteria, user, days_ago, mark, conclusion="approved", comment=""):
    return services.evaluation_record(
        provider=provider, evaluator=user, evaluated_on=TODAY - datetime.timedelta(days=days_ago),
        conclusion=conclusion, comment=comment, scores=all_scores(criteria, mark))


def _many(n, service, offset=0):
    return [ProviderFactory(name=f"Lot {offset + i:03d}", services=[service],
                            next_evaluation_due=TODAY - datetime.timedelta(days=1 + i % 2))
            for i in range(n)]


def test_register_shows_score_trend_and_overdue(client, people, cleaning, criteria):
    _evaluate(cleaning, criteria, people.pilot, 400, 2)
    _evaluate(cleaning, criteria, people.pilot, 30, 4)
    late = ProviderFactory(name="Retardataire", services=[cleaning.services.get()],
                           next_evaluation_due=TODAY - datetime.timedelta(days=5))
    client.force_login(people.pilot)
    response = client.get(reverse("providers:register"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Propreté Services" in html and "trend up" in html
    row = next(p for p in response.context["providers"] if p.name == "Propreté Services")
    assert (float(row.last_score), float(row.previous_score), row.trend) == (100.0, 50.0, "up")
    assert "Retardataire" in html and 'class="late"' in html
    response = client.get(reverse("providers:register"), {"overdue": "on"})
    assert [p.name for p in response.context["providers"]] == [late.name]
    response = client.get(reverse("providers:register"), {"kind": "concession"})
    assert response.context["count"] == 0


def test_register_queries_constant_as_rows_grow(client, people, accueil,
                                                 django_assert_max_num_queries):
    client.force_login(people.pilot)
    _many(3, accueil)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("providers:register")).status_code == 200
    _many(30, accueil, offset=10)
    with django_assert_max_num_queries(12) as large:
        assert client.get(reverse("providers:register")).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_export_reads_back(client, people, cleaning, criteria):
    _evaluate(cleaning, criteria, people.pilot, 10, 3)
    client.force_login(people.quality)
    response = client.get(reverse("providers:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row[gettext("Provider")] == "Propreté Services"
    assert row[gettext("Last score (%)")] == 75.0
    assert row[gettext("Services concerned")] == cleaning.services.get().name


def test_provider_page_with_chart_and_actions(client, people, cleaning, criteria,
                                              django_assert_max_num_queries):
    _evaluate(cleaning, criteria, people.pilot, 400, 3)
    evaluation = _evaluate(cleaning, criteria, people.pilot, 20, 1, "replace", "À remplacer.")
    client.force_login(people.pilot)
    url = reverse("providers:provider", args=[cleaning.pk])
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert '<svg class="prv-chart"' in html and 'role="img"' in html
    assert reverse("providers:propose_action", args=[evaluation.pk]) in html
    response = client.post(reverse("providers:propose_action", args=[evaluation.pk]))
    action = Action.objects.for_source(evaluation).get()
    assert response.url == reverse("actions:detail", kwargs={"pk": action.pk})
    html = client.get(url).content.decode()
    assert action.reference in html
    assert reverse("providers:propose_action", args=[evaluation.pk]) not in html


def test_provider_page_queries_constant_as_evaluations_grow(client, people, cleaning,
                                                            criteria,
                                                            django_assert_max_num_queries):
    client.force_login(people.quality)
    url = reverse("providers:provider", args=[cleaning.pk])
    _evaluate(cleaning, criteria, people.pilot, 10, 3)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    for days in range(40, 400, 40):
        _evaluate(cleaning, criteria, people.pilot, days, 2, "watch", "Suivi.")
    with django_assert_max_num_queries(20) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_evaluation_form_records_with_csrf(people, cleaning, criteria):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.pilot)
    url = reverse("providers:evaluate", args=[cleaning.pk])
    page = client.get(url)
    assert page.status_code == 200
    # the date input gets the ISO date the browser understands, whatever the language
    assert f'value="{TODAY.isoformat()}"' in page.content.decode()
    token = page.cookies["csrftoken"].value
    data = {"csrfmiddlewaretoken": token, "evaluated_on": TODAY.isoformat(),
            "evaluator": people.pilot.pk, "conclusion": "approved", "comment": ""}
    for criterion in criteria:
        data[f"crit-{criterion.pk}-score"] = "4"
    response = client.post(url, data)
    assert response.status_code == 302
    assert float(Evaluation.objects.get().score) == 100.0
    assert client.post(url, {k: v for k, v in data.items()
                             if k != "csrfmiddlewaretoken"}).status_code == 403


def test_evaluation_form_names_the_missing_score_and_keeps_the_input(client, people, cleaning,
                                                                     criteria):
    client.force_login(people.pilot)
    url = reverse("providers:evaluate", args=[cleaning.pk])
    data = {"evaluated_on": TODAY.isoformat(), "evaluator": people.pilot.pk,
            "conclusion": "watch", "comment": "Retards."}
    for criterion in criteria[1:]:
        data[f"crit-{criterion.pk}-score"] = "3"
    data[f"crit-{criteria[2].pk}-comment"] = "Avenant non respecté"
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    message = gettext("%(criterion)s: give a score.") % {"criterion": criteria[0].name}
    assert message in response.context["errors"]
    assert "Avenant non respecté" in html and "Retards." in html
    assert not Evaluation.objects.exists()
    data.pop("evaluated_on")
    response = client.post(url, data)
    assert response.status_code == 400
    assert any(e.startswith(gettext("Date of the evaluation")) for e in response.context["errors"])


def test_other_pilot_and_agents_are_refused(client, people, cleaning):
    client.force_login(people.other_pilot)
    assert client.get(reverse("providers:provider", args=[cleaning.pk])).status_code == 404
    client.force_login(people.agent)
    assert client.get(reverse("providers:register")).status_code == 403
    assert client.get(reverse("providers:evaluate", args=[cleaning.pk])).status_code == 403


def test_auditor_reads_but_does_not_evaluate(client, auditor, cleaning):
    client.force_login(auditor)
    assert client.get(reverse("providers:provider", args=[cleaning.pk])).status_code == 200
    assert client.get(reverse("providers:evaluate", args=[cleaning.pk])).status_code == 403


def test_rollup_per_service_and_kind(client, people, cleaning, other_provider, criteria,
                                     accueil, django_assert_max_num_queries):
    _evaluate(cleaning, criteria, people.pilot, 10, 4)  # 100 %
    _evaluate(other_provider, criteria, people.quality, 10, 2, "watch", "Suivi")  # 50 %
    client.force_login(people.quality)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("providers:rollup"))
    rollup = response.context["rollup"]
    assert rollup.average == 75.0
    by_service = {g.label: g.average for g in rollup.by_service}
    assert by_service == {accueil.name: 100.0, other_provider.services.get().name: 50.0}
    assert [g.average for g in rollup.by_kind] == [75.0]
    assert rollup.watched == [other_provider]
    assert "Archives Numérisation" in response.content.decode()
