"""Proposals and their arbitration in levels.

The state machine (statuses of models.Proposal):

    draft ──submit──▶ in arbitration at level 1 ──accepted──▶ … level n ──accepted──▶ accepted
      ▲                        │                                  │
      └──submit (new round)── to modify ◀──────to be modified─────┘
                               rejected ◀──────rejected───────────┘

A decision is only taken at the level the proposal awaits, once per level and round;
« to be modified » and « rejected » need a comment, which the group reads. Nothing is
overwritten: each decision is an Arbitration row, each change is in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.references import next_reference

from ..models import Arbitration, ArbitrationLevel, Proposal, Theme
from ..permissions import can_arbitrate, can_lead_group
from ._common import check_open, require, save

#: The fields a group may change on its proposal (while draft or sent back).
EDITABLE = {
    "title", "description", "deadline", "people_needed", "operating_budget",
    "investment_budget", "expected_results", "gain_money", "gain_time", "gain_quality",
    "gain_environment", "impact_working_conditions", "impact_environment",
    "impact_running_costs",
}


def _next_reference(year: int) -> str:
    return next_reference(Proposal.objects, f"PRP-{year}-", 3)


@transaction.atomic
def proposal_create(*, theme: Theme, title: str, description: str, deadline: datetime.date,
                    expected_results: str, user, services=(), indicators=(), ideas=(),
                    **fields) -> Proposal:
    check_open(theme.programme)
    require(can_lead_group(user, theme.group),
            _("Only the group's facilitator writes its proposals."))
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"proposal_create() got unexpected fields: {sorted(unknown)}")
    proposal = Proposal(theme=theme, title=title, description=description, deadline=deadline,
                        expected_results=expected_results, created_by=user,
                        reference=_next_reference(theme.programme.starts_on.year), **fields)
    save(proposal, user=user, reason="Création")
    services = list(services)
    if not services:
        raise ValidationError({"services": _("Name the services concerned.")})
    proposal.services.set(services)
    proposal.indicators.set(indicators)
    proposal.ideas.set(ideas)
    for idea in ideas:
        if idea.status != idea.Status.RETAINED:
            idea.status = idea.Status.RETAINED
            save(idea, user=user, reason=_("Taken up by %(ref)s") % {"ref": proposal.reference})
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related(
        "theme__programme", "theme__group", "current_level").get(pk=proposal.pk)


@transaction.atomic
def proposal_update(*, proposal: Proposal, user, reason: str = "", services=None,
                    indicators=None, **fields) -> Proposal:
    proposal = _locked(proposal)
    check_open(proposal.theme.programme)
    require(can_lead_group(user, proposal.theme.group),
            _("Only the group's facilitator writes its proposals."))
    if not proposal.is_editable_by_group:
        raise ValidationError(_("%(ref)s is %(status)s: the group changes it only while it "
                                "is a draft or sent back for changes.") % {
            "ref": proposal.reference, "status": proposal.get_status_display().lower()})
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"proposal_update() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(proposal, name, value)
    save(proposal, user=user, reason=reason or "Mise à jour")
    if services is not None:
        if not list(services):
            raise ValidationError({"services": _("Name the services concerned.")})
        proposal.services.set(services)
    if indicators is not None:
        proposal.indicators.set(indicators)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, user) -> Proposal:
    """Send the proposal to the first level of arbitration (a new round)."""
    proposal = _locked(proposal)
    programme = proposal.theme.programme
    check_open(programme)
    require(can_lead_group(user, proposal.theme.group),
            _("Only the group's facilitator submits its proposals."))
    if not proposal.is_editable_by_group:
        raise ValidationError(_("%(ref)s is %(status)s: only a draft or a proposal sent back "
                                "for changes can be submitted.") % {
            "ref": proposal.reference, "status": proposal.get_status_display().lower()})
    first = programme.levels.order_by("order").first()
    if first is None:
        raise ValidationError(_("The programme has no level of arbitration yet: set its "
                                "levels first."))
    proposal.status = Proposal.Status.IN_ARBITRATION
    proposal.current_level = first
    proposal.round += 1
    return save(proposal, user=user, reason=_("Submitted to « %(level)s » (round %(round)s)")
                % {"level": first.name, "round": proposal.round})


@transaction.atomic
def proposal_arbitrate(*, proposal: Proposal, level: ArbitrationLevel, decision: str,
                       user, comment: str = "") -> Arbitration:
    """Record the level's decision and move the proposal on (next level, accepted, sent
    back to the group, or rejected)."""
    proposal = _locked(proposal)
    check_open(proposal.theme.programme)
    if level.programme_id != proposal.theme.programme_id:
        raise ValidationError(_("This level belongs to another programme."))
    if Arbitration.objects.filter(proposal=proposal, level=level,
                                  round=proposal.round).exists():
        raise ValidationError(_("« %(level)s » has already decided on %(ref)s in this "
                                "round.") % {"level": level.name, "ref": proposal.reference})
    if proposal.status != Proposal.Status.IN_ARBITRATION:
        raise ValidationError(_("%(ref)s is not awaiting arbitration (it is %(status)s).") % {
            "ref": proposal.reference, "status": proposal.get_status_display().lower()})
    if proposal.current_level_id != level.pk:
        raise ValidationError(_("%(ref)s awaits the decision of « %(current)s », not of "
                                "« %(level)s »: the levels decide in order.") % {
            "ref": proposal.reference, "current": proposal.current_level.name,
            "level": level.name})
    require(can_arbitrate(user, proposal, level),
            _("You do not decide at the level « %(level)s ».") % {"level": level.name})
    arbitration = save(Arbitration(proposal=proposal, level=level, round=proposal.round,
                                   decision=decision, comment=(comment or "").strip(),
                                   decided_by=user), user=user, reason="Arbitrage")
    if decision == Arbitration.Decision.ACCEPTED:
        following = proposal.theme.programme.levels.filter(order__gt=level.order) \
            .order_by("order").first()
        if following is not None:
            proposal.current_level = following
            reason = _("Accepted by « %(level)s », sent to « %(next)s »") % {
                "level": level.name, "next": following.name}
        else:
            proposal.status, proposal.current_level = Proposal.Status.ACCEPTED, None
            reason = _("Accepted by « %(level)s » (final)") % {"level": level.name}
    elif decision == Arbitration.Decision.TO_MODIFY:
        proposal.status, proposal.current_level = Proposal.Status.TO_MODIFY, None
        reason = _("Sent back to the group by « %(level)s »") % {"level": level.name}
    else:
        proposal.status, proposal.current_level = Proposal.Status.REJECTED, None
        reason = _("Rejected by « %(level)s »") % {"level": level.name}
    save(proposal, user=user, reason=reason)
    return arbitration


def proposal_budget(proposals) -> Decimal:
    return sum((p.budget for p in proposals), Decimal("0"))
