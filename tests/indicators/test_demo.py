"""The demo data of the processes and indicators, loaded by `manage.py load_demo` through
the demo registry (qms.demo) after the documents' demo they build on.

Loading takes tens of seconds, so it is done once for the module, inside a transaction
rolled back at the end: the other test modules never see the demo data.
"""

import io
from collections import Counter, defaultdict
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from indicators import reminders
from indicators.demo import catalogue, series
from indicators.models import (
    FeedApplication,
    Frequency,
    Indicator,
    IndicatorTarget,
    Measurement,
    Objective,
    Period,
    Programme,
    StrategicAxis,
)
from indicators.status import Status, judge
from processes.models import Process
from qms import demo as registry
from qms import roles
from qms.models import Service, User


# --- The registry (no data) ---------------------------------------------------------------
def test_each_app_registers_its_loader_in_dependency_order():
    names = [entry.name for entry in registry.registered()]
    assert names.index("documents") < names.index("processes") < names.index("indicators")


def test_loaders_run_in_order_in_one_transaction(db, settings, monkeypatch):
    settings.DEBUG = True
    calls = []

    def organisation(stdout):
        Service.objects.create(code="demo-svc", name="Service de démonstration")
        calls.append("organisation")

    def broken(stdout):
        calls.append("broken")
        raise registry.DemoRefused("load the organisation first")

    monkeypatch.setattr(registry, "_registry", {})
    registry.register("broken", broken, order=20)
    registry.register("organisation", organisation, order=10)
    with pytest.raises(registry.DemoRefused):
        registry.load_all()
    assert calls == ["organisation", "broken"]
    assert not Service.objects.filter(code="demo-svc").exists()  # rolled back with the rest


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(registry.DemoRefused, match="DEBUG"):
        registry.load_all()


def test_values_do_not_depend_on_the_day_of_the_run():
    today = timezone.localdate()
    for spec in catalogue.INDICATORS[:20]:
        later = dict(series(spec, today))
        earlier = series(spec, date(2025, 6, 15))
        assert earlier and series(spec, today) == series(spec, today)
        if not spec.late:
            assert all(later[period] == value for period, value in earlier)


# --- The demo data --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everything registered (documents, processes, indicators), loaded once for the
    module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=out)
            yield SimpleNamespace(output=out.getvalue(), today=timezone.localdate())
            transaction.set_rollback(True)


def _counts():
    models = [Process, Programme, StrategicAxis, Objective, FeedApplication, Indicator,
              IndicatorTarget, Measurement, Measurement.history.model,
              Indicator.history.model, Objective.history.model]
    return {model.__name__: model.objects.count() for model in models}


def test_processes_match_the_process_sheets(demo, db):
    processes = Process.objects.select_related("process_sheet", "pilot")
    assert processes.count() == 12
    assert {p.family for p in processes} == set(Process.Family.values)
    for process in processes:
        assert process.process_sheet is not None, process.code
        assert process.process_sheet.reference == process.code
        assert process.pilot == process.process_sheet.pilot
        assert process.services.exists()
    accueil = Service.objects.get(code="accueil")
    assert set(accueil.processes.values_list("code", flat=True)) >= {"PRC-R01", "PRC-R04"}


def test_programme_axes_and_strategic_objectives(demo, db):
    programme = Programme.objects.get(name="Programme municipal 2020-2026")
    assert (programme.start_year, programme.end_year) == (2020, 2026)
    axes = programme.axes.all()
    assert axes.count() == 3
    strategic = Objective.objects.filter(kind=Objective.Kind.STRATEGIC)
    assert strategic.count() >= 10
    for axis in axes:
        assert axis.objectives.count() >= 3
    for objective in strategic.select_related("owner", "service"):
        assert objective.axis.programme == programme
        # owned by the head of its service
        assert objective.owner.service == objective.service
        assert objective.owner.has_role(roles.PILOT), objective.code
        assert objective.indicators.filter(is_active=True).exists(), objective.code
    assert strategic.filter(processes__isnull=False).distinct().count() >= 8


def test_service_objectives_are_yearly(demo, db):
    year = demo.today.year
    current = Objective.objects.filter(kind=Objective.Kind.SERVICE, start_year=year)
    assert current.count() >= 40
    services = Service.objects.filter(kind=Service.Kind.SERVICE)
    assert set(current.values_list("service", flat=True)) == set(services.values_list("pk", flat=True))
    for objective in current:
        assert objective.end_year == year and objective.activity and objective.owner
        assert objective.axis is None
        assert objective.status == Objective.Status.ACTIVE
    reviewed = Counter(
        Objective.objects.filter(kind=Objective.Kind.SERVICE, start_year=year - 1)
        .values_list("status", flat=True)
    )
    assert reviewed[Objective.Status.ACHIEVED] and reviewed[Objective.Status.NOT_ACHIEVED]


def test_indicators_over_the_22_services(demo, db):
    indicators = Indicator.objects.all()
    assert indicators.count() >= 120
    assert indicators.filter(is_active=True).count() >= 120
    services = Service.objects.filter(kind=Service.Kind.SERVICE)
    assert indicators.values("service").distinct().count() == services.count() == 22
    frequencies = Counter(indicators.values_list("frequency", flat=True))
    assert set(frequencies) == set(Frequency.values)
    assert frequencies[Frequency.MONTHLY] + frequencies[Frequency.QUARTERLY] >= 0.75 * sum(
        frequencies.values()
    )
    assert set(indicators.values_list("direction", flat=True)) == set(Indicator.Direction.values)
    titles = " ".join(indicators.values_list("title", flat=True))
    for words in ("délai de traitement des demandes", "taux de réclamations",
                  "taux d'appels décrochés", "consommation d'énergie des bâtiments",
                  "taux d'absentéisme", "part des démarches réalisées en ligne",
                  "délai de délivrance des actes d'état civil",
                  "tonnage de déchets collectés", "taux de satisfaction"):
        assert words in titles.lower(), words
    for indicator in indicators.select_related("owner"):
        assert indicator.unit and indicator.definition and indicator.owner
        assert indicator.owner.service_id == indicator.service_id, indicator.code
        _assert_thresholds_on_the_wrong_side(indicator)
    assert indicators.filter(processes__isnull=False).distinct().count() >= 60
    assert indicators.filter(objectives__kind=Objective.Kind.SERVICE).distinct().count() >= 80
    assert indicators.filter(objectives__kind=Objective.Kind.STRATEGIC).distinct().count() >= 40


def _assert_thresholds_on_the_wrong_side(indicator):
    higher = indicator.direction == Indicator.Direction.HIGHER
    last_target = indicator.targets.order_by("year").last().value
    for threshold in (indicator.alert_threshold, indicator.critical_threshold):
        if threshold is not None:
            assert (threshold <= last_target) if higher else (threshold >= last_target), (
                indicator.code
            )
    if indicator.alert_threshold is not None and indicator.critical_threshold is not None:
        if higher:
            assert indicator.critical_threshold < indicator.alert_threshold, indicator.code
        else:
            assert indicator.critical_threshold > indicator.alert_threshold, indicator.code


def test_yearly_targets(demo, db):
    for indicator in Indicator.objects.filter(is_active=True).prefetch_related("targets"):
        years = [target.year for target in indicator.targets.all()]
        assert years and years[-1] == demo.today.year, indicator.code
        assert years == list(range(years[0], years[-1] + 1))
    improving = [
        i for i in Indicator.objects.prefetch_related("targets")
        if len({t.value for t in i.targets.all()}) > 1
    ]
    assert len(improving) >= 40


def test_feeding_applications(demo, db):
    names = set(FeedApplication.objects.values_list("name", flat=True))
    assert {"Logiciel de téléphonie", "Logiciel d'état civil",
            "Gestion des demandes usagers"} <= names
    fed = Indicator.objects.filter(source=Indicator.Source.API)
    assert fed.count() >= 30
    assert not fed.filter(feed_application__isnull=True).exists()
    from_api = Measurement.objects.filter(origin=Measurement.Origin.API)
    assert from_api.exists()
    assert not from_api.exclude(indicator__source=Indicator.Source.API).exists()
    assert not from_api.filter(feed_application__isnull=True).exists()
    for fed_indicator in fed.select_related("feed_application")[:10]:
        assert set(
            fed_indicator.measurements.filter(origin="api").values_list("feed_application", flat=True)
        ) == {fed_indicator.feed_application_id}
    by_hand = Measurement.objects.exclude(
        origin__in=[Measurement.Origin.API, Measurement.Origin.COMPUTED])
    assert by_hand.filter(origin=Measurement.Origin.IMPORT).exists()
    assert by_hand.filter(origin=Measurement.Origin.MANUAL).exists()
    assert not by_hand.filter(entered_by__isnull=True).exists()


def test_three_years_of_measurements(demo, db):
    today = demo.today
    measurements = Measurement.objects.select_related("indicator")
    assert measurements.count() >= 2000
    years = {m.period_start.year for m in measurements}
    assert years == set(range(2024, Period.last_closed(today, Frequency.MONTHLY).year + 1))
    assert len(years) >= 3
    now = timezone.now()
    for m in measurements:
        period = m.indicator.parse_period(m.period)  # fits the frequency
        assert period.start == m.period_start
        assert period <= Period.last_closed(today, m.indicator.frequency), m
        # entered after the end of the period, not on the day the demo was loaded
        assert period.start < timezone.localdate(m.entered_at) and m.entered_at < now
    # Computed indicators (complaints) have a value only for the months with contacts.
    monthly = Indicator.objects.filter(frequency=Frequency.MONTHLY, is_active=True).exclude(
        source=Indicator.Source.COMPUTED)
    assert min(i.measurements.count() for i in monthly) >= 20


def test_realistic_values_some_off_target_some_missing(demo, db):
    today = demo.today
    targets = {(t.indicator_id, t.year): t.value for t in IndicatorTarget.objects.all()}
    statuses, late = Counter(), []
    for indicator in Indicator.objects.filter(is_active=True):
        latest = indicator.measurements.order_by("-period_start").first()
        if latest.period != Period.last_closed(today, indicator.frequency).label:
            late.append(indicator.code)
        statuses[judge(
            latest.value, targets.get((indicator.pk, latest.period_start.year)),
            higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
            alert=indicator.alert_threshold, critical=indicator.critical_threshold,
        )] += 1
    assert statuses[Status.ON_TARGET] > statuses[Status.ALERT] + statuses[Status.CRITICAL] > 10
    assert statuses[Status.CRITICAL] >= 1
    assert 5 <= len(late) <= 25
    # and a few holes inside the series of values typed by hand
    def has_a_hole(indicator):
        starts = list(
            indicator.measurements.order_by("period_start").values_list("period_start", flat=True)
        )
        months = (starts[-1].year - starts[0].year) * 12 + starts[-1].month - starts[0].month
        return len(starts) < months + 1

    by_hand = Indicator.objects.filter(
        frequency=Frequency.MONTHLY, source=Indicator.Source.MANUAL, is_active=True
    )
    assert 1 <= sum(map(has_a_hole, by_hand)) < by_hand.count() / 2


def test_trend_and_seasonality(demo, db):
    def monthly(title):
        values = defaultdict(dict)
        for m in Measurement.objects.filter(indicator__title=title):
            values[m.period_start.year][m.period_start.month] = float(m.value)
        return values

    electricity = monthly("Consommation d'électricité des bâtiments")
    for year in (2024, 2025):
        assert electricity[year][1] > 1.3 * electricity[year][7]  # heating in January
    calls = monthly("Taux d'appels décrochés")
    assert sum(calls[2024].values()) / len(calls[2024]) < sum(calls[2025].values()) / len(
        calls[2025]
    )  # improving


def test_corrections_are_kept_in_history(demo, db):
    corrected = Measurement.history.filter(history_type="~")
    assert corrected.count() >= len(catalogue.CORRECTIONS) - 1
    for row in corrected:
        assert row.history_change_reason == catalogue.CORRECTION_REASON
        first = Measurement.history.filter(id=row.id, history_type="+").get()
        assert first.value != row.value
        assert first.history_date < row.history_date


def test_archived_indicators(demo, db):
    archived = Indicator.objects.filter(is_active=False)
    assert archived.count() == 2
    for indicator in archived:
        assert set(indicator.measurements.values_list("period_start__year", flat=True)) == {2024}
        assert list(indicator.targets.values_list("year", flat=True)) == [2024]


def test_reminders_for_the_late_owners(demo, db, mailoutbox):
    missing = reminders.measurements_missing(today=demo.today)
    assert missing
    sent = reminders.missing_measurement_reminders_send(today=demo.today)
    owners = {item.indicator.owner.email for item in missing}
    assert sent == len(owners) == len(mailoutbox)
    assert User.objects.get(username="pilote").email in owners  # the demo login is late too
    # a month later, this month's values are missing for every monthly indicator
    later = reminders.measurements_missing(today=demo.today + timedelta(days=31))
    assert len(later) > 60


def test_second_run_creates_nothing(demo, db, settings):
    settings.DEBUG = True
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "Processes: already loaded, nothing to create." in out.getvalue()
    assert "Indicators: already loaded, nothing to create." in out.getvalue()


def test_output_names_what_was_created(demo, db):  # db: runs with the module's db tests
    assert "Processes: 12 created" in demo.output
    assert "125 indicators" in demo.output
    assert "API token of « Logiciel de téléphonie »" in demo.output
