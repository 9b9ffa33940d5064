"""Who may see and change audits and nonconformities, in one place for the admin, the
intranet pages and the services.

- The quality engineer runs the programme: every audit, finding and nonconformity; only
  they close a nonconformity.
- The direction approves the programme; the oversight roles (quality, direction, auditors)
  read everything.
- An auditor on an audit's team (or its lead) writes its checklist and findings while the
  audit is not closed.
- A pilot reads the audits of their services and writes their nonconformities (analysis,
  corrective actions); an agent reads the audits and nonconformities of their service and
  may declare a nonconformity in it. A draft programme is read only by the oversight roles."""

from django.db.models import Q

from qms import roles
from qms.permissions import is_pilot_of, is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


# --- programme -----------------------------------------------------------------------------
def can_view_programme(user, programme) -> bool:
    if not _active(user):
        return False
    return programme.is_approved or can_view_all(user)


def can_edit_programme(user, programme=None) -> bool:
    return _active(user) and is_quality_engineer(user)


def can_approve_programme(user) -> bool:
    """The direction approves the programme (the quality engineer prepares it)."""
    return _active(user) and (user.is_superuser or roles.user_has_role(user, roles.DIRECTION))


# --- audits --------------------------------------------------------------------------------
def _auditor_user_ids(audit) -> set[int]:
    ids = set()
    if audit.lead_auditor_id and audit.lead_auditor.user_id:
        ids.add(audit.lead_auditor.user_id)
    ids.update(a.user_id for a in audit.team.all() if a.user_id)
    return ids


def visible_audits(user, queryset):
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    return queryset.filter(
        Q(services__in=service_ids_of(user)) | Q(lead_auditor__user=user)
        | Q(team__user=user),
        programme__status="approved",
    ).distinct()


def can_view_audit(user, audit) -> bool:
    if not _active(user):
        return False
    if can_view_all(user) or user.pk in _auditor_user_ids(audit):
        return True
    if not audit.programme.is_approved:
        return False
    return bool(service_ids_of(user) & {s.pk for s in audit.services.all()})


def can_edit_audit(user, audit=None) -> bool:
    """Plan and change the audit itself (dates, team, criteria, status)."""
    return _active(user) and is_quality_engineer(user)


def can_write_findings(user, audit) -> bool:
    """Checklist answers and findings: the quality engineer, the lead auditor and the
    team, while the audit is not closed or cancelled."""
    if not _active(user) or not audit.is_editable:
        return False
    return is_quality_engineer(user) or user.pk in _auditor_user_ids(audit)


# --- nonconformities -------------------------------------------------------------------------
def visible_nonconformities(user, queryset):
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    return queryset.filter(service__in=service_ids_of(user))


def can_view_nonconformity(user, nc) -> bool:
    return _active(user) and (can_view_all(user) or nc.service_id in service_ids_of(user))


def can_declare_nonconformity(user, service) -> bool:
    """Anyone may declare a nonconformity in their own service; the quality engineer and
    auditors anywhere."""
    if not _active(user) or service is None:
        return False
    return (is_quality_engineer(user) or roles.user_has_role(user, roles.AUDITOR)
            or service.pk in service_ids_of(user))


def can_edit_nonconformity(user, nc) -> bool:
    """Analysis, extent, corrective actions: the quality engineer and the pilots of the
    nonconformity's service, while it is open."""
    if not _active(user) or nc.is_closed:
        return False
    return is_quality_engineer(user) or is_pilot_of(user, nc.service_id)


def can_close_nonconformity(user, nc=None) -> bool:
    return _active(user) and is_quality_engineer(user)
