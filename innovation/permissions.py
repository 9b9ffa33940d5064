"""Who may do what in the innovation & performance programme, in one place (views,
back office and services alike).

* The programme is run by its coordinator, the quality engineer and the direction.
* A working group is led by its facilitator; its members, facilitator and DG referent
  see its ideas, meetings and proposals.
* A proposal is arbitrated at a level by that level's arbiters (the group's DG referent
  for a « DG referent » level).
* A contract's manager fills in its monthly reports; only the direction moves budgets.
* Every agent reads the programme's page and news and submits ideas to open themes; the
  dashboard, the steering pack and the money are read by those who steer.
"""

from __future__ import annotations

from qms import roles


def _is(user, role) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or roles.user_has_role(user, role)))


def is_direction(user) -> bool:
    return _is(user, roles.DIRECTION)


def can_manage_programme(user, programme=None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or roles.user_has_role(user, roles.QUALITY_ENGINEER) or \
            roles.user_has_role(user, roles.DIRECTION):
        return True
    return programme is not None and programme.coordinator_id == user.pk


def can_steer(user, programme) -> bool:
    """Reads the dashboard, the budgets, the reports and the steering pack."""
    if can_manage_programme(user, programme) or roles.user_has_oversight(user):
        return True
    from .models import Contract, WorkingGroup

    return (Contract.objects.filter(programme=programme, manager=user).exists()
            or Contract.objects.filter(programme=programme, referent=user).exists()
            or WorkingGroup.objects.filter(theme__programme=programme, referent=user).exists())


def can_lead_group(user, group) -> bool:
    """Writes the group's meetings, inventory and proposals, answers its ideas."""
    return group.facilitator_id == user.pk or can_manage_programme(user, group.theme.programme)


def can_see_group(user, group) -> bool:
    if can_lead_group(user, group) or group.referent_id == user.pk:
        return True
    return group.memberships.filter(user=user).exists()


def can_arbitrate(user, proposal, level) -> bool:
    from .models import ArbitrationLevel

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if level.kind == ArbitrationLevel.Kind.REFERENT:
        return proposal.theme.group.referent_id == user.pk
    return level.arbiters.filter(pk=user.pk).exists()


def can_report(user, contract) -> bool:
    return contract.manager_id == user.pk or can_manage_programme(user, contract.programme)


def can_move_budget(user) -> bool:
    return is_direction(user)
