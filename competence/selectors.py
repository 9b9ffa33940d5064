"""Composed reads of the competence pages, each in a fixed number of queries: the
overview of a user's scope, the competence matrix of a service, the training register
and an agent's record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from documents.models import Acknowledgement
from qms.models import Service, User

from . import permissions
from .models import (
    Competence,
    CompetenceAssessment,
    Level,
    RoleAssignment,
    RoleRequirement,
    Training,
)

MET, BELOW, MISSING, NOT_REQUIRED = "met", "below", "missing", "not_required"
SYMBOLS = {MET: "✓", BELOW: "▼", MISSING: "✗", NOT_REQUIRED: "·"}


# --- shared reads ------------------------------------------------------------------------------
def current_levels(agent_ids) -> dict[tuple[int, int], CompetenceAssessment]:
    """(agent id, competence id) → the agent's last assessment of it (one query)."""
    latest: dict[tuple[int, int], CompetenceAssessment] = {}
    for assessment in (CompetenceAssessment.objects.filter(agent_id__in=agent_ids)
                       .order_by("assessed_on", "pk")):
        latest[(assessment.agent_id, assessment.competence_id)] = assessment
    return latest


def required_by_agent(agent_ids, today) -> tuple[dict, dict]:
    """The current roles of each agent and what they require, the highest level when two
    roles ask for the same competence (two queries): ({agent id: [role, ...]},
    {agent id: {competence id: (level, mandatory)}})."""
    roles: dict[int, list] = {}
    for assignment in (RoleAssignment.objects.current(today).filter(agent_id__in=agent_ids)
                       .select_related("role", "role__service").order_by("since")):
        roles.setdefault(assignment.agent_id, []).append(assignment.role)
    role_ids = {role.pk for held in roles.values() for role in held}
    by_role: dict[int, list[RoleRequirement]] = {}
    for requirement in (RoleRequirement.objects.filter(role_id__in=role_ids,
                                                       competence__is_active=True)
                        .select_related("competence")):
        by_role.setdefault(requirement.role_id, []).append(requirement)
    required: dict[int, dict] = {}
    for agent_id, held in roles.items():
        needs: dict[int, tuple[int, bool]] = {}
        for role in held:
            for req in by_role.get(role.pk, []):
                level, mandatory = needs.get(req.competence_id, (0, False))
                needs[req.competence_id] = (max(level, req.level), mandatory or req.is_mandatory)
        required[agent_id] = needs
        for role in held:
            role.requirement_list = by_role.get(role.pk, [])
    return roles, required


def planned_competences(agent_ids) -> set[tuple[int, int]]:
    """(agent id, competence id) pairs covered by a planned training (one query)."""
    return set(Training.competences.through.objects.filter(
        training__agent_id__in=agent_ids, training__status=Training.Status.PLANNED,
    ).values_list("training__agent_id", "competence_id"))


def acknowledgement_counts(agent_ids) -> dict[int, tuple[int, int]]:
    """agent id → (acknowledged, requested) over the documents in force (one query)."""
    rows = (Acknowledgement.objects.current().filter(user_id__in=agent_ids)
            .values("user_id").annotate(total=Count("pk"),
                                        done=Count("pk", filter=Q(acknowledged_at__isnull=False))))
    return {row["user_id"]: (row["done"], row["total"]) for row in rows}


def cell_status(required_level: int | None, level: int | None) -> str:
    if not required_level:
        return NOT_REQUIRED
    if level is None:
        return MISSING
    return MET if level >= required_level else BELOW


# --- the matrix --------------------------------------------------------------------------------
@dataclass
class Cell:
    status: str
    required: int | None = None
    level: int | None = None
    mandatory: bool = False
    planned: bool = False

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def is_gap(self) -> bool:
        return self.status in (BELOW, MISSING)


@dataclass
class MatrixRow:
    agent: User
    roles: list
    cells: list[Cell]
    acknowledged: int = 0
    to_acknowledge: int = 0

    @property
    def gaps(self) -> int:
        return sum(cell.is_gap for cell in self.cells)

    @property
    def pending_acknowledgements(self) -> int:
        return self.to_acknowledge - self.acknowledged


@dataclass
class Matrix:
    service: Service
    competences: list[Competence]
    rows: list[MatrixRow]
    column_gaps: list[int] = field(default_factory=list)

    @property
    def total_gaps(self) -> int:
        return sum(self.column_gaps)


def matrix(service: Service, today: datetime.date) -> Matrix:
    """The competence matrix of a service: its active agents × the competences their
    roles require (six queries, whatever the size)."""
    agents = list(User.objects.filter(service=service, is_active=True)
                  .order_by("last_name", "first_name", "username"))
    ids = [agent.pk for agent in agents]
    roles, required = required_by_agent(ids, today)
    levels = current_levels(ids)
    planned = planned_competences(ids)
    acks = acknowledgement_counts(ids)
    competence_ids = {cid for needs in required.values() for cid in needs}
    competences = sorted(
        {req.competence.pk: req.competence for held in roles.values() for role in held
         for req in role.requirement_list if req.competence_id in competence_ids}.values(),
        key=lambda c: (c.category, c.name))
    rows = []
    for agent in agents:
        needs = required.get(agent.pk, {})
        cells = []
        for competence in competences:
            level_required, mandatory = needs.get(competence.pk, (None, False))
            assessment = levels.get((agent.pk, competence.pk))
            level = assessment.level if assessment else None
            cells.append(Cell(status=cell_status(level_required, level),
                              required=level_required, level=level, mandatory=mandatory,
                              planned=(agent.pk, competence.pk) in planned))
        done, total = acks.get(agent.pk, (0, 0))
        rows.append(MatrixRow(agent=agent, roles=roles.get(agent.pk, []), cells=cells,
                              acknowledged=done, to_acknowledge=total))
    column_gaps = [sum(row.cells[i].is_gap for row in rows) for i in range(len(competences))]
    return Matrix(service=service, competences=competences, rows=rows,
                  column_gaps=column_gaps)


# --- the overview ------------------------------------------------------------------------------
@dataclass
class Overview:
    agents: int
    trainings: int
    hours: Decimal
    pending: int
    overdue: int
    hours_per_service: list[tuple[str, Decimal]]
    services: list[Service]


def overview(user, today: datetime.date) -> Overview:
    """Counts for the services the user reads (oneself for an agent), four queries."""
    agents = permissions.visible_agents(user)
    trainings = permissions.visible_trainings(user).filter(agent__is_active=True)
    year = trainings.filter(status=Training.Status.DONE, date__year=today.year)
    overdue_ids = Training.objects.evaluation_overdue(today).values("pk")
    totals = trainings.aggregate(
        trainings=Count("pk", filter=Q(status=Training.Status.DONE, date__year=today.year)),
        hours=Sum("hours", filter=Q(status=Training.Status.DONE, date__year=today.year)),
        pending=Count("pk", filter=Q(status=Training.Status.DONE,
                                     effectiveness_result=Training.Result.PENDING)),
        overdue=Count("pk", filter=Q(pk__in=overdue_ids)),
    )
    per_service = [
        (row["agent__service__name"] or _("No service"), row["hours"] or Decimal(0))
        for row in year.values("agent__service__name").annotate(hours=Sum("hours"))
        .order_by("-hours", "agent__service__name")
    ]
    services = list(permissions.visible_services(user).order_by("name")) if (
        permissions.visible_service_ids(user) != set()) else []
    return Overview(agents=agents.count(), trainings=totals["trainings"],
                    hours=totals["hours"] or Decimal(0), pending=totals["pending"],
                    overdue=totals["overdue"], hours_per_service=per_service,
                    services=services)


# --- the register ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterFilters:
    service: Service | None = None
    year: int | None = None
    status: str = ""
    pending: bool = False


def register(user, filters: RegisterFilters):
    queryset = permissions.visible_trainings(user).select_related(
        "agent", "agent__service", "evaluated_by").prefetch_related("competences")
    if filters.service is not None:
        queryset = queryset.filter(agent__service=filters.service)
    if filters.year:
        queryset = queryset.filter(date__year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.pending:
        queryset = queryset.filter(status=Training.Status.DONE,
                                   effectiveness_result=Training.Result.PENDING)
    return queryset.order_by("-date", "agent__last_name", "pk")


# --- an agent ----------------------------------------------------------------------------------
@dataclass
class CompetenceLine:
    competence: Competence
    required: int | None
    mandatory: bool
    assessment: CompetenceAssessment | None
    planned: bool

    @property
    def status(self) -> str:
        level = self.assessment.level if self.assessment else None
        if self.required is None:
            return MET if level else NOT_REQUIRED
        return cell_status(self.required, level)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def level_label(self) -> str:
        return Level(self.assessment.level).label if self.assessment else ""


def agent_record(agent: User, today: datetime.date) -> dict:
    """An agent's roles with what they require, trainings, competences (required or
    assessed) and read acknowledgements (seven queries)."""
    roles, required = required_by_agent([agent.pk], today)
    levels = current_levels([agent.pk])
    planned = planned_competences([agent.pk])
    needs = required.get(agent.pk, {})
    competences = {req.competence.pk: req.competence for role in roles.get(agent.pk, [])
                   for req in role.requirement_list}
    competences.update({a.competence_id: None for a in levels.values()})
    missing = [cid for cid, c in competences.items() if c is None]
    for competence in Competence.objects.filter(pk__in=missing):
        competences[competence.pk] = competence
    lines = sorted((
        CompetenceLine(competence=c, required=needs.get(c.pk, (None, False))[0],
                       mandatory=needs.get(c.pk, (None, False))[1],
                       assessment=levels.get((agent.pk, c.pk)),
                       planned=(agent.pk, c.pk) in planned)
        for c in competences.values() if c is not None
    ), key=lambda line: (line.required is None, line.competence.category, line.competence.name))
    trainings = list(agent.trainings.select_related("evaluated_by")
                     .prefetch_related("competences").order_by("-date", "-pk"))
    acknowledgements = list(Acknowledgement.objects.current().filter(user=agent)
                            .select_related("version").order_by("acknowledged_at",
                                                                 "version__title"))
    return {
        "roles": roles.get(agent.pk, []),
        "lines": lines,
        "gaps": sum(line.status in (BELOW, MISSING) for line in lines),
        "trainings": trainings,
        "hours": sum((t.hours for t in trainings if t.status == Training.Status.DONE),
                     Decimal(0)),
        "acknowledgements": acknowledgements,
        "acknowledged": sum(a.acknowledged_at is not None for a in acknowledgements),
    }
