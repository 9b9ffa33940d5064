"""Writes on the measuring resources: resources and their verifications. Keyword-only,
validated (`full_clean`), atomic, the user kept in the history. Callers acting for a
person pass `check_permission=True` (metrology.permissions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create
from qms.services import reject_unknown_fields as _unknown
from qms.services import require as _check
from qms.services import save_with_history as _save

from . import permissions
from .models import MeasuringResource, Verification

RESOURCE_FIELDS = {"identifier", "site", "location", "measures", "method", "interval_months",
                   "status", "provider"}
#: An action following a non-conform verification is due this many months later.
ACTION_MONTHS = 1


@transaction.atomic
def resource_create(*, name: str, kind: str, service, user=None, indicators: Iterable = (),
                    check_permission: bool = False, **fields: Any) -> MeasuringResource:
    _unknown("resource_create", fields, RESOURCE_FIELDS)
    resource = MeasuringResource(name=name, kind=kind, service=service, **fields)
    if check_permission:
        _check(permissions.can_edit_resource(user, resource),
               _("You may only register the measuring resources of your services."))
    _save(resource, user=user, reason=_("Creation"))
    resource.indicators.set(list(indicators))
    return resource


@transaction.atomic
def resource_update(*, resource: MeasuringResource, user=None, reason: str = "",
                    indicators: Iterable | None = None, check_permission: bool = False,
                    **fields: Any) -> MeasuringResource:
    """Change a resource (retire it with status "retired": it stays in the register's
    history). A new interval moves the next due date of its latest verification."""
    _unknown("resource_update", fields, RESOURCE_FIELDS | {"name", "kind", "service"})
    if check_permission:
        _check(permissions.can_edit_resource(user, resource),
               _("You may only change the measuring resources of your services."))
    for name, value in fields.items():
        setattr(resource, name, value)
    if check_permission:
        _check(permissions.can_edit_resource(user, resource),
               _("You may only change the measuring resources of your services."))
    _save(resource, user=user, reason=reason)
    if indicators is not None:
        resource.indicators.set(list(indicators))
    if "interval_months" in fields:
        latest = resource.verifications.order_by("-performed_on", "-pk").first()
        if latest is not None:
            latest.next_due = latest.performed_on + relativedelta(
                months=resource.interval_months)
            _save(latest, user=user, reason=_("New verification interval"))
    return resource


@transaction.atomic
def verification_record(*, resource: MeasuringResource, performed_on: datetime.date,
                        result: str, user=None, performed_by: str = "", provider=None,
                        certificate=None, comment: str = "",
                        check_permission: bool = False) -> Verification:
    """Record a verification or calibration of a resource; its next one is due one
    interval later. Refused for a retired resource, in the future, or not conform
    without a comment."""
    if check_permission:
        _check(permissions.can_verify(user, resource),
               _("You may only verify the measuring resources of your services."))
    if resource.status == MeasuringResource.Status.RETIRED:
        raise ValidationError(_("This resource is retired: it is no longer verified."))
    verification = Verification(
        resource=resource, performed_on=performed_on, result=result,
        performed_by=(performed_by or "").strip(), provider=provider,
        comment=(comment or "").strip(),
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    if certificate:
        verification.certificate = certificate
    if performed_on is not None:
        verification.next_due = performed_on + relativedelta(months=resource.interval_months)
    return _save(verification, user=user, reason=_("Creation"))


@transaction.atomic
def verification_action_propose(*, verification: Verification, user,
                                check_permission: bool = False) -> Action:
    """Open a corrective action for a non-conform verification (one click on the
    resource's page), owned by the user in the resource's service; the open one is
    returned when it already has one."""
    resource = verification.resource
    if check_permission:
        _check(permissions.can_verify(user, resource),
               _("You may only verify the measuring resources of your services."))
    existing = Action.objects.for_source(verification).open().first()
    if existing is not None:
        return existing
    if verification.result != Verification.Result.NOT_CONFORM:
        raise ValidationError(_("This verification was conform: no action is needed."))
    return action_create(
        source=verification, kind=Action.Kind.CORRECTIVE,
        title=(_("Measuring resource not conform: %(resource)s")
               % {"resource": resource.name})[:255],
        description=verification.comment, owner=user, service=resource.service,
        due_date=timezone.localdate() + relativedelta(months=ACTION_MONTHS), user=user,
    )
