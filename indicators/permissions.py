"""Who may see and change objectives, indicators and measurements."""

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of


def can_view_all_dashboards(user) -> bool:
    """Direction, quality engineer and auditors see every service's dashboard."""
    return user.is_active and roles.user_has_oversight(user)


def can_view_service_dashboard(user, service) -> bool:
    """Everyone sees their own service's dashboard; oversight roles see them all."""
    if not user.is_authenticated or not user.is_active:
        return False
    return can_view_all_dashboards(user) or service.pk in service_ids_of(user)


def can_edit_indicator(user, indicator) -> bool:
    """Quality engineers edit every indicator; pilots the indicators of their services."""
    if is_quality_engineer(user):
        return True
    return roles.user_has_role(user, roles.PILOT) and indicator.service_id in service_ids_of(user)


def can_enter_measurement(user, indicator) -> bool:
    """The indicator's owner, a pilot of its service, or a quality engineer."""
    if not user.is_active:
        return False
    return indicator.owner_id == user.pk or can_edit_indicator(user, indicator)
