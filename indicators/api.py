"""API of the indicators: measurement feeds from business applications.

Each feeding application authenticates with its own token (``Authorization: Bearer …``)
and may send the values of its own indicators only. Batches go through
services.measurements_record_batch: validated whole, written whole or not at all, and
idempotent on (indicator, period).
"""

from datetime import timedelta
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

try:
    from ninja import Status
except ImportError:  # django-ninja < 1.7 takes a (status, body) tuple
    def Status(status_code, value):  # noqa: N802
        return status_code, value

from . import services
from .models import FeedApplication, Indicator, Period

router = Router(tags=["indicators"])

#: The most rows one batch may hold; larger feeds are sent in several batches.
MAX_BATCH_ROWS = 5_000

# last_used_at is a hint for the quality engineer, not an audit trail: write it at most
# once a minute so that a feed sending many batches does not rewrite the row each time.
_LAST_USED_PRECISION = timedelta(minutes=1)


class FeedApplicationAuth(HttpBearer):
    """The bearer token of an active FeedApplication. Token authentication: no CSRF."""

    def authenticate(self, request, token):
        application = FeedApplication.for_token(token.strip())
        if application is None:
            return None
        now = timezone.now()
        if application.last_used_at is None or (
            now - application.last_used_at >= _LAST_USED_PRECISION
        ):
            FeedApplication.objects.filter(pk=application.pk).update(last_used_at=now)
            application.last_used_at = now
        return application


feed_auth = FeedApplicationAuth()


# --- Schemas -------------------------------------------------------------------------------


class MeasurementIn(Schema):
    indicator: str = Field(
        ..., description="Code of the indicator.", examples=["IND-ACC-01"]
    )
    period: str | int = Field(
        ...,
        description="Period fitting the indicator's frequency: 2026-03 (monthly), "
        "2026-T1 (quarterly), 2026-S1 (half-yearly), 2026 (yearly).",
        examples=["2026-03"],
    )
    value: float | str = Field(
        ...,
        description="The value, as a number or a decimal string (a comma is accepted).",
        examples=[92.5],
    )
    comment: str = Field("", description="Optional comment shown with the value.")
    correction_reason: str = Field(
        "",
        description="Required when the value differs from the one already recorded for "
        "this period; kept in the history.",
    )


class BatchIn(Schema):
    measurements: list[MeasurementIn] = Field(
        ...,
        description=f"The values to record, at most {MAX_BATCH_ROWS} per batch. The batch "
        "is recorded whole or not at all.",
    )


class BatchOut(Schema):
    created: int = Field(..., description="Values recorded for the first time.")
    updated: int = Field(..., description="Values corrected (a reason was given).")
    unchanged: int = Field(..., description="Values already recorded as sent.")


class RowErrorOut(Schema):
    index: int | None = Field(..., description="Position of the row in the batch, from 0.")
    indicator: str = Field(..., description="Indicator code as sent in that row.")
    message: str


class BatchRejectedOut(Schema):
    """A refused batch: nothing was written. ``errors`` names every bad row; a body that
    does not fit the schema at all is described in ``detail`` instead (a list)."""

    detail: str | list[Any]
    errors: list[RowErrorOut] = Field(default_factory=list)


class MessageOut(Schema):
    detail: str


class IndicatorOut(Schema):
    code: str
    title: str
    frequency: str = Field(..., description="monthly, quarterly, half_yearly or yearly.")
    unit: str
    is_active: bool = Field(..., description="An archived indicator takes no new values.")
    last_closed_period: str = Field(
        ..., description="The most recent period that has ended, e.g. the one to send now."
    )


# --- Operations ----------------------------------------------------------------------------


@router.post(
    "/measurements/",
    auth=feed_auth,
    response={
        200: BatchOut, 401: MessageOut, 409: MessageOut, 413: MessageOut,
        422: BatchRejectedOut,
    },
    url_name="measurements_batch",
    summary="Record a batch of measurements",
    description=(
        "Record the values of the calling application's indicators. The whole batch is "
        "checked first: if any row is wrong (unknown or archived indicator, an indicator "
        "of another application, a period that does not fit the frequency, a value that "
        "is not a number, a correction without a reason), nothing is written and the "
        "answer (422) lists every bad row. Sending the same batch again changes nothing."
    ),
)
def measurements_batch(request, payload: BatchIn):
    application = request.auth
    rows = payload.measurements
    if len(rows) > MAX_BATCH_ROWS:
        return Status(413, {
            "detail": _(
                "A batch holds at most %(max)s measurements; this one has %(count)s. "
                "Send it in several batches."
            ) % {"max": MAX_BATCH_ROWS, "count": len(rows)}
        })
    items = [
        services.MeasurementInput(
            indicator_code=row.indicator,
            period=str(row.period),
            value=row.value,
            comment=row.comment,
            reason=row.correction_reason,
            line=index,
        )
        for index, row in enumerate(rows)
    ]
    try:
        counts = services.measurements_record_batch(
            items, application=application, origin="api"
        )
    except services.BatchRejected as rejected:
        return Status(422, {
            "detail": ngettext(
                "The batch was refused: %(count)s row is wrong. Nothing was recorded.",
                "The batch was refused: %(count)s rows are wrong. Nothing was recorded.",
                len(rejected.errors),
            ) % {"count": len(rejected.errors)},
            "errors": [
                {
                    "index": error.line,
                    "indicator": rows[error.line].indicator if error.line is not None else "",
                    "message": error.message,
                }
                for error in rejected.errors
            ],
        })
    except IntegrityError:
        # Two batches with the same new values crossed each other: one wins, the other is
        # refused whole and may simply be sent again.
        return Status(409, {
            "detail": _("Another batch recorded some of these values at the same time: "
                        "nothing was recorded, send the batch again.")
        })
    return Status(200, counts)


@router.get(
    "/indicators/",
    auth=feed_auth,
    response={200: list[IndicatorOut], 401: MessageOut},
    url_name="feed_indicators",
    summary="The calling application's indicators",
    description="The indicators whose values this application may send.",
)
def feed_indicators(request):
    today = timezone.localdate()
    return [
        {
            "code": indicator.code,
            "title": indicator.title,
            "frequency": indicator.frequency,
            "unit": indicator.unit,
            "is_active": indicator.is_active,
            "last_closed_period": Period.last_closed(today, indicator.frequency).label,
        }
        for indicator in Indicator.objects.filter(feed_application=request.auth).order_by("code")
    ]
