"""Demo data of the indicators: the municipal programme with its axes and strategic
objectives, the yearly objectives of the 22 services, about 120 indicators with their
targets and thresholds, the applications that feed some of them, and their values since
January 2024 up to the last closed period.

The values follow each indicator's shape (catalogue.py): a trend, a seasonality, noise,
some off target, a few gaps, a few indicators late for their last period (the reminders
have something to say) and a few corrected values. They are recorded through
services.measurements_record_batch, in big batches, as they would arrive: by the feeding
application (API), from the owner's spreadsheet (import) or typed by the owner (manual).
Only elapsed time is simulated: each value's entry date is moved back to just after its
period. Objectives, indicators and targets have no service function yet: they are
validated with full_clean() and saved, as the back office does.

Deterministic (seeded random draws, one stream per indicator, so that a value does not
depend on the day of the run) and idempotent: rows are found by their natural keys
(programme name, codes, application name, (indicator, period)); only what is missing is
created. Uses the services and people of the documents' demo and the processes of the
processes' demo, through the database only (no import of those apps).
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from .. import services
from ..models import (
    FeedApplication,
    Frequency,
    Indicator,
    IndicatorTarget,
    Measurement,
    Objective,
    Programme,
    StrategicAxis,
)
from ..status import attainment, judge
from . import catalogue
from .catalogue import INDICATORS, SERVICES, Spec
from .series import FIRST_YEAR, MONTHS, SEED, periods_until, series

__all__ = ["indicator_codes", "load_demo", "periods_until", "series"]

EVERY = {
    Frequency.MONTHLY: "chaque mois", Frequency.QUARTERLY: "chaque trimestre",
    Frequency.HALF_YEARLY: "chaque semestre", Frequency.YEARLY: "chaque année",
}


def load_demo(stdout=None, *, today: date | None = None) -> dict:
    """Create what is missing of the indicators' demo data; return the counts by kind."""

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    started = timezone.now()
    loader = _Loader(write, today or timezone.localdate())
    with transaction.atomic(), disable_reference_index_auto_update():
        loader.run()
    created = {kind: count for kind, count in loader.created.items() if count}
    if created:
        seconds = (timezone.now() - started).total_seconds()
        write("Indicators: " + ", ".join(f"{n} {kind}" for kind, n in created.items())
              + f" created in {seconds:.1f} s.")
    else:
        write("Indicators: already loaded, nothing to create.")
    return loader.created


def indicator_codes() -> dict[tuple[str, str], str]:
    """{(service code, title): indicator code}: IND-<service>-<n>, numbered per service in
    the catalogue's order."""
    codes, numbers = {}, defaultdict(int)
    for spec in INDICATORS:
        numbers[spec.service] += 1
        abbreviation = SERVICES[spec.service][0]
        codes[spec.service, spec.title] = f"IND-{abbreviation}-{numbers[spec.service]:02d}"
    return codes


class _Loader:
    def __init__(self, write, today):
        self.write = write
        self.today = today
        self.year = today.year
        self.now = timezone.now()
        self.created = {
            "programmes": 0, "axes": 0, "strategic objectives": 0, "service objectives": 0,
            "feeding applications": 0, "indicators": 0, "targets": 0, "measurements": 0,
            "corrections": 0,
        }
        self.new_indicators = set()
        self.new_service_objectives = set()  # codes
        self.new_objects = []  # for Wagtail's reference index, updated once at the end

    def run(self):
        self.load_organisation()
        self.load_strategy()
        self.load_service_objectives()
        self.load_applications()
        self.load_indicators()
        self.load_measurements()
        self.close_previous_year()
        for obj in self.new_objects:
            ReferenceIndex.create_or_update_for_object(obj)

    # --- who is who ------------------------------------------------------------------
    def load_organisation(self):
        codes = set(SERVICES) | {row[3] for row in catalogue.STRATEGIC_OBJECTIVES}
        self.services = Service.objects.in_bulk(codes, field_name="code")
        if missing := codes - set(self.services):
            raise DemoRefused(
                "The indicators' demo needs the demo organisation first (services "
                + ", ".join(sorted(missing)) + "): load the documents' demo."
            )
        pilots, agents, quality = defaultdict(list), defaultdict(list), defaultdict(list)
        members = (
            User.objects.filter(service__in=self.services.values(), is_active=True)
            .prefetch_related("groups").order_by("username")
        )
        code_of = {service.pk: code for code, service in self.services.items()}
        for user in members:
            names = {group.name for group in user.groups.all()}
            code = code_of[user.service_id]
            if roles.PILOT in names:
                pilots[code].append(user)
            elif roles.AGENT in names:
                agents[code].append(user)
            elif roles.QUALITY_ENGINEER in names:
                quality[code].append(user)
        self.pilot = {}
        for code in self.services:
            head = (pilots[code] or quality[code] or agents[code] or [None])[0]
            if head is None:
                raise DemoRefused(f"The demo service “{code}” has nobody: load its people first.")
            self.pilot[code] = head
        self.agents = agents
        process_model = apps.get_model("processes", "Process")
        self.processes = process_model.objects.in_bulk(field_name="code")

    # --- the strategy chain ------------------------------------------------------------
    def load_strategy(self):
        name, start, end, description = catalogue.PROGRAMME
        programme = Programme.objects.filter(name=name).first()
        if programme is None:
            programme = Programme(name=name, start_year=start, end_year=end,
                                  description=description)
            self._save(programme, "programmes")
        self.programme = programme
        axes = {a.code: a for a in programme.axes.all()}
        for order, (code, title, description) in enumerate(catalogue.AXES, start=1):
            if code not in axes:
                axes[code] = StrategicAxis(programme=programme, code=code, title=title,
                                           description=description, order=order)
                self._save(axes[code], "axes")
        self.objectives = Objective.objects.in_bulk(field_name="code")
        for code, axis, title, service, processes in catalogue.STRATEGIC_OBJECTIVES:
            if code in self.objectives:
                continue
            objective = Objective(
                kind=Objective.Kind.STRATEGIC, code=code, title=title, axis=axes[axis],
                service=self.services[service], owner=self.pilot[service],
                start_year=programme.start_year, end_year=programme.end_year,
                description=f"Objectif du programme municipal, axe « {axes[axis].title} ».",
            )
            self._save(objective, "strategic objectives")
            objective.processes.set([self.processes[p] for p in processes if p in self.processes])
            self.objectives[code] = objective

    # --- the services chain ------------------------------------------------------------
    def load_service_objectives(self):
        """Each service's two activities, each with its objective for this year and the
        one of last year (reviewed: achieved or not, once its values are in)."""
        for service, (abbreviation, process, activities) in SERVICES.items():
            for number, (activity, title) in enumerate(activities, start=1):
                for year in (self.year - 1, self.year):
                    code = f"OBJ-{abbreviation}-{year}-{number}"
                    if code in self.objectives:
                        continue
                    objective = Objective(
                        kind=Objective.Kind.SERVICE, code=code, title=title, activity=activity,
                        service=self.services[service], owner=self.pilot[service],
                        start_year=year, end_year=year,
                        description=f"Objectif {year} de l'activité « {activity} ».",
                    )
                    self._save(objective, "service objectives")
                    if process in self.processes:
                        objective.processes.set([self.processes[process]])
                    self.objectives[code] = objective
                    self.new_service_objectives.add(code)

    # --- applications, indicators, targets ---------------------------------------------
    def load_applications(self):
        self.applications = FeedApplication.objects.in_bulk(
            list(catalogue.APPLICATIONS), field_name="name"
        )
        for name, description in catalogue.APPLICATIONS.items():
            if name not in self.applications:
                application, token = services.feed_application_create(
                    name=name, description=description
                )
                self.applications[name] = application
                self.created["feeding applications"] += 1
                self.write(f"  API token of « {name} » (shown once): {token}")

    def load_indicators(self):
        self.codes = indicator_codes()
        self.indicators = Indicator.objects.in_bulk(list(self.codes.values()), field_name="code")
        rank = defaultdict(int)
        for spec in INDICATORS:
            rank[spec.service] += 1
            code = self.codes[spec.service, spec.title]
            if code in self.indicators:
                continue
            self.indicators[code] = self._indicator(spec, code, rank[spec.service])
            self.new_indicators.add(code)
        self.follow_the_years()

    def follow_the_years(self):
        """On a run in a new year, the indicators loaded in an earlier year get this year's
        target and serve this year's new service objectives."""
        old = [(spec, self.indicators[self.codes[spec.service, spec.title]])
               for spec in INDICATORS if self.codes[spec.service, spec.title]
               not in self.new_indicators]
        old = [(spec, indicator) for spec, indicator in old if indicator.is_active]
        if not old:
            return
        has_target = set(
            IndicatorTarget.objects.filter(
                indicator__in=[i for _s, i in old], year=self.year
            ).values_list("indicator_id", flat=True)
        )
        for spec, indicator in old:
            if indicator.pk not in has_target:
                self._save(IndicatorTarget(indicator=indicator, year=self.year,
                                           value=_decimal(_target(spec, self.year))), "targets")
            code = f"OBJ-{SERVICES[spec.service][0]}-{self.year}-{spec.objective}"
            if spec.objective and code in self.new_service_objectives:
                indicator.objectives.add(self.objectives[code])

    def _indicator(self, spec: Spec, code: str, rank: int) -> Indicator:
        service = self.services[spec.service]
        agents = self.agents[spec.service]
        owner = agents[(rank // 4) % len(agents)] if rank % 4 == 3 and agents else (
            self.pilot[spec.service]
        )
        if spec.feed:
            source = Indicator.Source.API
        elif spec.imported:
            source = Indicator.Source.IMPORT
        else:
            source = Indicator.Source.MANUAL
        objectives = [self.objectives[spec.strategic]] if spec.strategic else []
        if spec.objective:
            abbreviation = SERVICES[spec.service][0]
            objectives += [self.objectives[f"OBJ-{abbreviation}-{year}-{spec.objective}"]
                           for year in (self.year - 1, self.year)]
        indicator = Indicator(
            code=code, title=spec.title, unit=spec.unit, frequency=spec.frequency,
            direction=spec.direction, service=service, owner=owner, source=source,
            feed_application=self.applications[spec.feed] if spec.feed else None,
            category=spec.category or _category(spec),
            definition=f"{spec.title}, en {spec.unit}, relevé {EVERY[spec.frequency]} pour le "
                       f"service {service.name}.",
            purpose=_purpose(spec, objectives),
            formula=spec.formula,
            collection_method=_collection(spec, source),
            alert_threshold=_decimal(spec.alert), critical_threshold=_decimal(spec.critical),
            baseline=_decimal(round(spec.start, spec.decimals)),
            is_published=spec.published,
        )
        self._save(indicator, "indicators")
        process = spec.process or SERVICES[spec.service][1]
        if process in self.processes:
            indicator.processes.set([self.processes[process]])
        indicator.objectives.set(objectives)
        first = max(FIRST_YEAR, spec.since)
        last = spec.archived_after or self.year
        for year in range(first, last + 1):
            self._save(IndicatorTarget(indicator=indicator, year=year,
                                       value=_decimal(_target(spec, year))), "targets")
        return indicator

    # --- measurements --------------------------------------------------------------------
    def load_measurements(self):
        """Every missing value, by batch: one per feeding application (API), one per
        owner for spreadsheets (import) and for typed values (manual)."""
        ids = [indicator.pk for indicator in self.indicators.values()]
        existing = set(
            Measurement.objects.filter(indicator_id__in=ids).values_list("indicator_id", "period")
        )
        batches = defaultdict(list)
        for spec in INDICATORS:
            indicator = self.indicators[self.codes[spec.service, spec.title]]
            if not indicator.is_active:
                continue  # archived: takes no new values
            for period, value in series(spec, self.today):
                if (indicator.pk, period.label) in existing:
                    continue
                if spec.feed:
                    key = ("api", None, spec.feed)
                elif spec.imported:
                    key = ("import", indicator.owner_id, None)
                else:
                    key = ("manual", indicator.owner_id, None)
                batches[key].append(
                    services.MeasurementInput(indicator.code, period.label, value,
                                              line=len(batches[key]) + 1)
                )
        users = User.objects.in_bulk({user_id for _o, user_id, _a in batches if user_id})
        started = timezone.now()
        for (origin, user_id, application), items in batches.items():
            counts = services.measurements_record_batch(
                items, origin=origin, user=users.get(user_id),
                application=self.applications[application] if application else None,
            )
            self.created["measurements"] += counts["created"]
        created = Measurement.objects.filter(indicator_id__in=ids, entered_at__gte=started)
        self.correct(created)
        self.backdate(created, started)
        for spec in INDICATORS:
            indicator = self.indicators[self.codes[spec.service, spec.title]]
            if spec.archived_after and indicator.code in self.new_indicators:
                indicator.is_active = False
                indicator._change_reason = "Indicateur remplacé : il ne reçoit plus de valeurs."
                indicator.save()

    def correct(self, created):
        """A few values of this run corrected by their owner, with the reason."""
        fresh = {(m.indicator.code, m.period): m for m in created.select_related("indicator")}
        by_owner = defaultdict(list)
        for service, title, period, delta in catalogue.CORRECTIONS:
            indicator = self.indicators[self.codes[service, title]]
            measurement = fresh.get((indicator.code, period))
            if measurement is None:
                continue
            value = measurement.value + Decimal(str(delta))
            by_owner[indicator.owner_id].append(services.MeasurementInput(
                indicator.code, period, value, reason=catalogue.CORRECTION_REASON,
                line=len(by_owner[indicator.owner_id]) + 1,
            ))
        users = User.objects.in_bulk(list(by_owner))
        for owner_id, items in by_owner.items():
            counts = services.measurements_record_batch(
                items, user=users[owner_id], origin=Measurement.Origin.MANUAL
            )
            self.created["corrections"] += counts["updated"]

    def backdate(self, created, started):
        """Move the entry of this run's values (and of their history) back to just after
        their period: feeds at night, the next day; people within a couple of weeks. A
        correction comes twelve days after the first value."""
        measurements = list(created.select_related("indicator"))
        entered = {}
        for m in measurements:
            period = m.indicator.parse_period(m.period)
            end = period.start + relativedelta(months=MONTHS[m.indicator.frequency])
            rng = random.Random(f"{SEED}-{m.indicator.code}-{m.period}")
            if m.origin == Measurement.Origin.API:
                day, hour = end, time(2, rng.randint(0, 59))
            else:
                day = end + timedelta(days=rng.randint(1, 12))
                hour = time(rng.randint(8, 17), rng.randint(0, 59))
            entered[m.pk] = min(
                timezone.make_aware(datetime.combine(day, hour)), self.now - timedelta(hours=1)
            )
        history = list(
            Measurement.history.model.objects.filter(
                id__in=list(entered), history_date__gte=started
            ).order_by("history_id")
        )
        seen = set()
        for row in history:
            when = entered[row.id]
            if row.id in seen:  # a correction
                when = min(when + timedelta(days=12), self.now - timedelta(minutes=30))
            seen.add(row.id)
            row.history_date = when
            entered[row.id] = when
        _update_dates(Measurement, "entered_at", entered.items())
        _update_dates(Measurement.history.model, "history_date",
                      ((row.history_id, row.history_date) for row in history))

    # --- last year's objectives, reviewed ------------------------------------------------
    def close_previous_year(self):
        """Last year's service objectives still in progress are reviewed: achieved when at
        least half of their judged indicators were on target on their last value of the
        year, not achieved otherwise."""
        year = self.year - 1
        codes = [f"OBJ-{abbreviation}-{year}-{n}"
                 for abbreviation, _p, activities in SERVICES.values()
                 for n in range(1, len(activities) + 1)]
        pending = list(Objective.objects.filter(code__in=codes, status=Objective.Status.ACTIVE))
        if not pending:
            return
        links = Indicator.objectives.through.objects.filter(objective__in=pending)
        by_objective = defaultdict(list)
        for link in links:
            by_objective[link.objective_id].append(link.indicator_id)
        ids = {i for indicator_ids in by_objective.values() for i in indicator_ids}
        last = {}
        for m in Measurement.objects.filter(indicator_id__in=ids, period_start__year=year):
            if m.indicator_id not in last or m.period_start > last[m.indicator_id].period_start:
                last[m.indicator_id] = m
        targets = {
            t.indicator_id: t.value
            for t in IndicatorTarget.objects.filter(indicator_id__in=ids, year=year)
        }
        indicators = Indicator.objects.in_bulk(ids)
        for objective in pending:
            statuses = []
            for indicator_id in by_objective.get(objective.pk, []):
                indicator, measurement = indicators[indicator_id], last.get(indicator_id)
                statuses.append(judge(
                    measurement.value if measurement else None, targets.get(indicator_id),
                    higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
                    alert=indicator.alert_threshold, critical=indicator.critical_threshold,
                ))
            share = attainment(statuses)
            if share is None:
                continue
            objective.status = (
                Objective.Status.ACHIEVED if share >= 0.5 else Objective.Status.NOT_ACHIEVED
            )
            objective._change_reason = f"Revue annuelle {year}."
            objective.save()

    # --- helpers -------------------------------------------------------------------------
    def _save(self, obj, kind):
        obj.full_clean()
        obj.save()
        self.created[kind] += 1
        if ReferenceIndex.is_indexed(type(obj)):
            self.new_objects.append(obj)


def _update_dates(model, field_name, rows):
    """UPDATE one date per row, as one executemany: bulk_update's CASE expressions are
    slow for thousands of distinct values."""
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {quote(field.column)} = %s "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    params = [(connection.ops.adapt_datetimefield_value(when), pk) for pk, when in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _target(spec: Spec, year: int) -> float:
    """The target of the year: one per year from 2024, the last one going on."""
    return spec.targets[min(year - FIRST_YEAR, len(spec.targets) - 1)]


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _category(spec: Spec) -> str:
    if spec.strategic:
        return Indicator.Category.EFFECTIVENESS
    words = ("Consommation", "Coût", "Énergie", "exécution", "rejet", "absentéisme",
             "occupation", "Capacité")
    if any(word in spec.title for word in words):
        return Indicator.Category.EFFICIENCY
    return Indicator.Category.QUALITY


def _purpose(spec: Spec, objectives) -> str:
    if spec.strategic:
        return (f"Mesurer la contribution du service à l'objectif stratégique "
                f"« {objectives[0].title} » du programme municipal.")
    if objectives:
        return f"Suivre l'objectif de service « {objectives[0].title} »."
    return "Suivre la qualité et l'efficacité de l'activité du service."


def _collection(spec: Spec, source: str) -> str:
    if source == Indicator.Source.API:
        return (f"Transmis automatiquement par « {spec.feed} » la nuit qui suit la fin de la "
                "période.")
    if source == Indicator.Source.IMPORT:
        return "Importé par le responsable de l'indicateur depuis le tableur de suivi du service."
    return "Saisi par le responsable de l'indicateur dans les quinze jours qui suivent la période."
