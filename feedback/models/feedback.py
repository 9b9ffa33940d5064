"""Complaints and service requests from citizens (ISO 9001 §8.2.1, §9.1.2).

One model, `UserFeedback`, with a `kind` (complaint or request): both are contacts from a
citizen with the same life (received → acknowledged → answered) and the same fields, and
the complaint rate is a share of one table (complaints among all contacts), so a single
list, a single form and a single set of rules serve both. `justified` only means
something for a complaint and is refused on a request.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Services Publics+ commitment: an answer within 15 days.
ANSWER_DAYS = 15


class UserFeedbackQuerySet(models.QuerySet):
    def complaints(self):
        return self.filter(kind=UserFeedback.Kind.COMPLAINT)

    def requests(self):
        return self.filter(kind=UserFeedback.Kind.REQUEST)

    def unanswered(self):
        return self.filter(answered_on__isnull=True)

    def overdue(self, today=None, days=ANSWER_DAYS):
        today = today or timezone.localdate()
        return self.unanswered().filter(received_on__lt=today - datetime.timedelta(days=days))


class UserFeedback(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        REQUEST = "request", _("Service request")

    class Channel(models.TextChoices):
        DESK = "desk", _("At the desk")
        PHONE = "phone", _("Phone")
        MAIL = "mail", _("Letter or e-mail")
        WEB = "web", _("Website form")
        APP = "app", _("Mobile application")

    class Justified(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet decided")
        YES = "yes", _("Justified")
        NO = "no", _("Not justified")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ANSWERED = "answered", _("Answered")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.COMPLAINT)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="user_feedback",
    )
    subject = models.CharField(_("subject"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    citizen_name = models.CharField(
        _("citizen's name"), max_length=150, blank=True,
        help_text=_("Optional. Personal data: kept only as long as the handling requires "
                    "(GDPR); leave empty when the citizen needs no personal answer."),
    )
    citizen_contact = models.CharField(
        _("citizen's contact"), max_length=255, blank=True,
        help_text=_("Optional e-mail, phone or address, only to answer. Erased with the "
                    "name once the retention period has passed."),
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    justified = models.CharField(
        _("justified"), max_length=10, choices=Justified.choices, default=Justified.UNKNOWN,
        help_text=_("For a complaint: whether it was founded."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    history = HistoricalRecords()
    objects = UserFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint or request")
        verbose_name_plural = _("complaints and requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["service", "received_on"])]
        permissions = [("judge_userfeedback", _("Can decide whether a complaint is justified"))]

    def __str__(self):
        return f"{self.reference} — {self.subject}"

    @property
    def status(self) -> str:
        if self.answered_on:
            return self.Status.ANSWERED
        if self.acknowledged_on:
            return self.Status.ACKNOWLEDGED
        return self.Status.RECEIVED

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_complaint(self) -> bool:
        return self.kind == self.Kind.COMPLAINT

    @property
    def processing_days(self) -> int | None:
        """Days from receipt to answer (None while unanswered)."""
        if self.answered_on and self.received_on:
            return (self.answered_on - self.received_on).days
        return None

    def age_days(self, today=None) -> int:
        end = self.answered_on or today or timezone.localdate()
        return (end - self.received_on).days

    def is_overdue(self, today=None, days=ANSWER_DAYS) -> bool:
        return not self.answered_on and self.age_days(today) > days

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("The date received cannot be in the future.")
        if self.received_on and self.acknowledged_on and self.acknowledged_on < self.received_on:
            errors["acknowledged_on"] = _(
                "The acknowledgement cannot come before the date received.")
        if self.received_on and self.answered_on and self.answered_on < self.received_on:
            errors["answered_on"] = _("The answer cannot come before the date received.")
        if self.answered_on and not (self.answer or "").strip():
            errors["answer"] = _("Write the answer given to the citizen.")
        if self.kind == self.Kind.REQUEST and self.justified != self.Justified.UNKNOWN:
            errors["justified"] = _("Only a complaint is judged justified or not.")
        if errors:
            raise ValidationError(errors)


class FeedbackIndicator(models.Model):
    """Where a computed figure of the complaints register is written: one indicator
    (monthly) per service and metric. The monthly task computes last month's value and
    records it as a measurement of the indicator."""

    class Metric(models.TextChoices):
        PROCESSING_TIME = "processing_time", _("Mean processing time (days)")
        COMPLAINT_RATE = "complaint_rate", _("Complaint rate (% of contacts)")
        ON_TIME = "on_time", _("Answered within the deadline (%)")

    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback_indicators",
        help_text=_("Leave empty for the whole municipality."),
    )
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    kind = models.CharField(
        _("contacts counted"), max_length=20, choices=UserFeedback.Kind.choices, blank=True,
        help_text=_("For the processing times: complaints only, requests only, or both "
                    "when empty. Ignored by the complaint rate."),
    )
    indicator = models.OneToOneField(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
        related_name="feedback_source",
        error_messages={"unique": _("This indicator is already fed by the complaints "
                                    "register.")},
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("computed complaint indicator")
        verbose_name_plural = _("computed complaint indicators")
        ordering = ["service__name", "metric"]

    def __str__(self):
        return f"{self.get_metric_display()} → {self.indicator.code}"

    def clean(self):
        super().clean()
        from indicators.models import Frequency

        if self.indicator_id and self.indicator.frequency != Frequency.MONTHLY:
            raise ValidationError({"indicator": _(
                "Choose a monthly indicator: the figure is computed each month.")})
