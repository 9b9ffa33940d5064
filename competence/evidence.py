"""Evidence kind ``competence`` (ISO 9001 §7.2) for the readiness matrix: for the agents
of the service (and the services under it), their job roles and what these require, the
levels met, the trainings of the last twelve months and the evaluations of their
effectiveness. Three queries, whatever the number of agents and trainings.

Covered when every agent holds a role with required competences, meets its mandatory
requirements (or has a training planned for each gap), and no training's effectiveness
evaluation is overdue (three months after the training)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import CURRENT_DAYS, Coverage, EvidenceContext, EvidenceItem, KindResult, limited
from qms.models import User

from .models import EVALUATION_DELAY_MONTHS, CompetenceAssessment, Training


@dataclass
class _Agent:
    pk: int
    name: str
    roles: set[str] = field(default_factory=set)
    needs: dict[int, tuple[int, bool]] = field(default_factory=dict)
    trainings: int = 0
    last_training: datetime.date | None = None


def _agents(ids, today) -> dict[int, _Agent]:
    current = FilteredRelation("role_assignments", condition=(
        Q(role_assignments__since__lte=today)
        & (Q(role_assignments__until__isnull=True) | Q(role_assignments__until__gte=today))))
    rows = (User.objects.filter(service_id__in=ids, is_active=True).annotate(current=current)
            .values_list("pk", "first_name", "last_name", "username", "current__role__title",
                         "current__role__is_active", "current__role__requirements__competence_id",
                         "current__role__requirements__level",
                         "current__role__requirements__is_mandatory")
            .order_by("last_name", "first_name", "pk"))
    agents: dict[int, _Agent] = {}
    for pk, first, last, username, title, active, cid, level, mandatory in rows:
        agent = agents.setdefault(pk, _Agent(pk, f"{first} {last}".strip() or username))
        if title is None or not active:
            continue
        agent.roles.add(title)
        if cid is not None:
            was, was_mandatory = agent.needs.get(cid, (0, False))
            agent.needs[cid] = (max(was, level), was_mandatory or mandatory)
    return agents


def competence(ctx: EvidenceContext) -> KindResult:
    today = ctx.today
    ids = list(ctx.service_ids)
    agents = _agents(ids, today)
    if not agents:
        return KindResult(coverage=Coverage.MISSING,
                          gaps=[_("No active agent is recorded in the service.")])
    levels: dict[tuple[int, int], int] = {}
    for agent_id, cid, level in (CompetenceAssessment.objects.filter(agent_id__in=list(agents))
                                 .order_by("assessed_on", "pk")
                                 .values_list("agent_id", "competence_id", "level")):
        levels[(agent_id, cid)] = level
    year_ago = today - datetime.timedelta(days=CURRENT_DAYS)
    cutoff = today - relativedelta(months=EVALUATION_DELAY_MONTHS)
    planned: set[tuple[int, int]] = set()
    recent: dict[int, tuple] = {}
    overdue: set[int] = set()
    for pk, agent_id, status, date, end, result, cid in (
        Training.objects.filter(agent_id__in=list(agents))
        .filter(Q(status=Training.Status.PLANNED)
                | Q(status=Training.Status.DONE, date__gte=year_ago)
                | Q(status=Training.Status.DONE, effectiveness_result=Training.Result.PENDING))
        .values_list("pk", "agent_id", "status", "date", "end_date", "effectiveness_result",
                     "competences__id")
    ):
        if status == Training.Status.PLANNED:
            if cid is not None:
                planned.add((agent_id, cid))
            continue
        if date >= year_ago:
            recent[pk] = (agent_id, date, result)
        if result == Training.Result.PENDING and (end or date) <= cutoff:
            overdue.add(pk)
    for agent_id, date, _result in recent.values():
        agent = agents[agent_id]
        agent.trainings += 1
        agent.last_training = max(filter(None, (agent.last_training, date)))
    evaluated = sum(result != Training.Result.PENDING for _a, _d, result in recent.values())

    without_role = [a for a in agents.values() if not a.needs]
    unmet = 0
    items = []
    for agent in agents.values():
        met = sum(levels.get((agent.pk, cid), 0) >= level
                  for cid, (level, _mandatory) in agent.needs.items())
        unmet += sum(
            1 for cid, (level, mandatory) in agent.needs.items()
            if mandatory and levels.get((agent.pk, cid), 0) < level
            and (agent.pk, cid) not in planned)
        roles = ", ".join(sorted(agent.roles)) or _("no job role")
        items.append(EvidenceItem(
            label=f"{agent.name} — {roles}",
            url=reverse("competence:agent", args=[agent.pk]),
            date=agent.last_training,
            detail=_("%(met)s/%(required)s required competences met, %(trainings)s "
                     "trainings in 12 months") % {
                "met": met, "required": len(agent.needs), "trainings": agent.trainings},
        ))
    gaps = []
    if without_role:
        gaps.append(ngettext("%(count)s agent without a job role or required competences",
                             "%(count)s agents without a job role or required competences",
                             len(without_role)) % {"count": len(without_role)})
    if unmet:
        gaps.append(ngettext(
            "%(count)s mandatory competence below the required level, no training planned",
            "%(count)s mandatory competences below the required level, no training planned",
            unmet) % {"count": unmet})
    if overdue:
        gaps.append(ngettext("%(count)s training without an effectiveness evaluation",
                             "%(count)s trainings without an effectiveness evaluation",
                             len(overdue)) % {"count": len(overdue)})
    if not gaps:
        coverage = Coverage.COVERED
    elif len(without_role) == len(agents) and not recent:
        coverage = Coverage.MISSING
    else:
        coverage = Coverage.PARTLY
    if recent:
        items.insert(0, EvidenceItem(
            label=_("Trainings of the last 12 months"),
            url=reverse("competence:register") + f"?service={ctx.service.pk}",
            date=max(date for _a, date, _r in recent.values()),
            detail=_("%(count)s trainings, %(evaluated)s evaluated for effectiveness") % {
                "count": len(recent), "evaluated": evaluated}))
    listed, more = limited(items)
    return KindResult(coverage=coverage, items=listed, more=more, gaps=gaps)
