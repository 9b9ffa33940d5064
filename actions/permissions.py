"""Who may see and change actions.

- The quality engineer sees and changes every action.
- A pilot changes the actions of their services; the owner of an action updates it.
- The oversight roles (direction, auditors) read the whole plan; everyone else reads the
  actions of their services and the ones they own."""

from django.db.models import Q

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of


def can_view_all_actions(user) -> bool:
    return user.is_authenticated and user.is_active and roles.user_has_oversight(user)


def may_create_actions(user) -> bool:
    """The quality engineer and the pilots create actions (a pilot in their services)."""
    return user.is_authenticated and user.is_active and (
        is_quality_engineer(user) or roles.user_has_role(user, roles.PILOT))


def visible_actions(user, queryset):
    """The actions of `queryset` the user may read."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if can_view_all_actions(user):
        return queryset
    return queryset.filter(Q(service__in=service_ids_of(user)) | Q(owner=user))


def can_view_action(user, action) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return (can_view_all_actions(user) or action.owner_id == user.pk
            or action.service_id in service_ids_of(user))


def can_edit_action(user, action) -> bool:
    """Quality engineer: every action; a pilot: the actions of their services; the
    owner: their own action."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_quality_engineer(user):
        return True
    if action.owner_id and action.owner_id == user.pk and action.pk:
        return True
    return roles.user_has_role(user, roles.PILOT) and action.service_id in service_ids_of(user)
