"""Writes about indicators. Manual entry, the spreadsheet import and the API all record
measurements through measurement_record / measurements_record_batch."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import FeedApplication, Indicator, Measurement
from .permissions import can_enter_measurement


@dataclass
class MeasurementInput:
    """One value to record, as typed, imported or sent: strings are checked here."""

    indicator_code: str
    period: str
    value: object
    comment: str = ""
    reason: str = ""
    line: int | None = None  # the row of a file or the index in a batch, for errors


@dataclass
class RowError:
    line: int | None
    message: str


class BatchRejected(ValidationError):
    """The whole batch is refused; `errors` names every bad row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__([e.message for e in errors])


def parse_value(raw) -> Decimal:
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is not a number."), code="not_a_number", params={"value": raw}
            ) from None
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” is not a number."), params={"value": raw})
    if abs(value) >= Decimal("1e10"):
        raise ValidationError(_("“%(value)s” is too large."), params={"value": raw})
    return value.quantize(Decimal("0.0001"))


def _check(item: MeasurementInput, indicators: dict[str, Indicator], application=None,
           user=None):
    indicator = indicators.get(item.indicator_code.strip().upper())
    if indicator is None:
        raise ValidationError(
            _("Unknown indicator code “%(code)s”."), params={"code": item.indicator_code}
        )
    if application is not None and indicator.feed_application_id != application.pk:
        raise ValidationError(
            _("The application “%(app)s” may not send values of indicator %(code)s."),
            params={"app": application.name, "code": indicator.code},
        )
    if user is not None and not can_enter_measurement(user, indicator):
        raise ValidationError(
            _("You may not enter values of indicator %(code)s: it belongs to another service."),
            params={"code": indicator.code},
        )
    if not indicator.is_active:
        raise ValidationError(
            _("Indicator %(code)s is archived: it takes no new values."),
            params={"code": indicator.code},
        )
    period = indicator.parse_period(str(item.period))
    value = parse_value(item.value)
    return indicator, period, value


def validate_batch(items: list[MeasurementInput], *, application=None, user=None):
    """Check every item; return the checked rows, or raise BatchRejected naming every
    bad one. Nothing is written here."""
    codes = {i.indicator_code.strip().upper() for i in items}
    indicators = {ind.code: ind for ind in Indicator.objects.filter(code__in=codes)}
    checked, errors, seen = [], [], {}
    for item in items:
        try:
            indicator, period, value = _check(item, indicators, application, user)
        except ValidationError as error:
            errors.append(RowError(item.line, " ".join(error.messages)))
            continue
        key = (indicator.pk, period.label)
        if key in seen:
            errors.append(
                RowError(
                    item.line,
                    _("Indicator %(code)s, period %(period)s appears twice (also line %(other)s).")
                    % {"code": indicator.code, "period": period.label, "other": seen[key]},
                )
            )
            continue
        seen[key] = item.line
        checked.append((item, indicator, period, value))
    if errors:
        raise BatchRejected(errors)
    return checked


@transaction.atomic
def measurements_record_batch(items, *, user=None, application=None, origin) -> dict:
    """Validate the whole batch first, then write it all, or nothing. When a user is
    given, each value must be one they may enter (owner, pilot of the service, quality).

    Idempotent: a value equal to the one recorded changes nothing. A different value for
    a period already recorded is a correction: it needs a reason (the API and the import
    give theirs), and the previous value stays in the history.
    Returns {"created": n, "updated": n, "unchanged": n}.
    """
    checked = validate_batch(list(items), application=application, user=user)
    existing = {
        (m.indicator_id, m.period): m
        for m in Measurement.objects.select_for_update().filter(
            indicator_id__in={ind.pk for _i, ind, _p, _v in checked},
            period__in={p.label for _i, _ind, p, _v in checked},
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = []
    for item, indicator, period, value in checked:
        current = existing.get((indicator.pk, period.label))
        if current is None:
            measurement = Measurement(
                indicator=indicator, period=period.label, period_start=period.start,
                value=value, comment=item.comment or "", origin=origin, entered_by=user,
                feed_application=application,
            )
            measurement._history_user = user
            measurement.save()
            counts["created"] += 1
            continue
        if current.value == value and (not item.comment or item.comment == current.comment):
            counts["unchanged"] += 1
            continue
        reason = (item.reason or "").strip()
        if current.value != value and not reason:
            errors.append(RowError(item.line, _(
                "Indicator %(code)s already has %(old)s for %(period)s: give the reason "
                "for the correction."
            ) % {"code": indicator.code, "old": current.value.normalize(), "period": period.label}))
            continue
        current.value = value
        current.comment = item.comment or current.comment
        current.origin = origin
        current.entered_by = user
        current.feed_application = application
        current._history_user = user
        current._change_reason = reason
        current.save()
        counts["updated"] += 1
    if errors:
        transaction.set_rollback(True)
        raise BatchRejected(errors)
    return counts


def measurement_record(*, indicator: Indicator, period: str, value, user, comment="",
                       reason="", origin=Measurement.Origin.MANUAL) -> Measurement:
    """Record one value (manual entry)."""
    measurements_record_batch(
        [MeasurementInput(indicator.code, period, value, comment, reason, line=None)],
        user=user, origin=origin,
    )
    return Measurement.objects.get(indicator=indicator, period=indicator.parse_period(period).label)


def feed_application_create(*, name: str, description: str = "") -> tuple[FeedApplication, str]:
    """Register an application; return it with its token (shown once)."""
    application = FeedApplication(name=name, description=description)
    token = application.set_new_token()
    application.full_clean()
    application.save()
    return application, token
