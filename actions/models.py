"""The action plan (plan d'actions): the one list of actions every module feeds —
corrective and preventive actions, improvements, risk treatments, compliance and
innovation actions.

An action knows its source (a risk, a finding, a nonconformity, a review decision, a
regulation, a contract…) only through a generic link, so this app imports none of the
modules that feed it: they call ``actions.services.action_create(source=record, ...)``
and read ``actions.selectors.actions_for(record)``."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

NOT_NEGATIVE = MinValueValidator(Decimal("0"), message=_("An amount cannot be negative."))
MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0"),
         "validators": [NOT_NEGATIVE]}


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def late(self, on: datetime.date | None = None):
        """Open actions whose due date has passed."""
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def due_within(self, days: int, on: datetime.date | None = None):
        """Open actions due today or in the next `days` days."""
        on = on or timezone.localdate()
        return self.open().filter(due_date__gte=on, due_date__lte=on + datetime.timedelta(days))

    def for_source(self, source):
        """The actions attached to a record of any model."""
        return self.filter(
            source_content_type=ContentType.objects.get_for_model(source),
            source_object_id=source.pk,
        )

    def annotate_late(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.annotate(is_late_db=models.Case(
            models.When(Q(status__in=Action.OPEN_STATUSES, due_date__lt=on), then=True),
            default=False, output_field=models.BooleanField(),
        ))


class Action(models.Model):
    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective")
        PREVENTIVE = "preventive", _("Preventive")
        IMPROVEMENT = "improvement", _("Improvement")
        RISK_TREATMENT = "risk_treatment", _("Risk treatment")
        COMPLIANCE = "compliance", _("Compliance")
        INNOVATION = "innovation", _("Innovation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Verdict(models.TextChoices):
        EFFECTIVE = "effective", _("Effective")
        NOT_EFFECTIVE = "not_effective", _("Not effective")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)
    #: Kinds whose closure needs an effectiveness check (ISO 9001 §10.2.1 d).
    CHECKED_KINDS = (Kind.CORRECTIVE,)

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, editable=False,
        help_text=_("Given when the action is created, e.g. ACT-2026-0042."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    # The record the action comes from, of any model.
    source_content_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_label = models.CharField(
        _("source"), max_length=255, blank=True,
        help_text=_("How the source record was named when the action was created."),
    )

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
        related_name="owned_actions",
    )
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="actions",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    completed_at = models.DateField(_("completed on"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100, message=_(
            "Progress is a percentage between 0 and 100."))],
    )

    operating_budget_planned = models.DecimalField(_("operating budget planned (€)"), **MONEY)
    operating_budget_spent = models.DecimalField(_("operating budget spent (€)"), **MONEY)
    investment_budget_planned = models.DecimalField(_("investment budget planned (€)"), **MONEY)
    investment_budget_spent = models.DecimalField(_("investment budget spent (€)"), **MONEY)

    expected_result = models.TextField(_("expected result"), blank=True)
    effectiveness_checked_at = models.DateField(
        _("effectiveness checked on"), null=True, blank=True
    )
    effectiveness_verdict = models.CharField(
        _("effectiveness verdict"), max_length=20, choices=Verdict.choices, blank=True
    )
    effectiveness_evidence = models.TextField(_("evidence of effectiveness"), blank=True)
    effectiveness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("effectiveness checked by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "reference"]
        indexes = [
            models.Index(fields=["source_content_type", "source_object_id"],
                         name="action_source_idx"),
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
            models.Index(fields=["service", "status", "due_date"],
                         name="action_service_status_idx"),
            models.Index(fields=["owner", "status"], name="action_owner_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="action_progress_0_100",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def days_late(self) -> int:
        return (timezone.localdate() - self.due_date).days if self.is_late else 0

    @property
    def needs_effectiveness_check(self) -> bool:
        return self.kind in self.CHECKED_KINDS

    @property
    def budget_planned(self) -> Decimal:
        return self.operating_budget_planned + self.investment_budget_planned

    @property
    def budget_spent(self) -> Decimal:
        return self.operating_budget_spent + self.investment_budget_spent

    def clean(self):
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date cannot be before the start date.")
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Give the reason why the action is cancelled.")
        if self.effectiveness_verdict and not self.effectiveness_checked_at:
            errors["effectiveness_checked_at"] = _("Give the date of the effectiveness check.")
        if self.effectiveness_checked_at and self.effectiveness_checked_at > timezone.localdate():
            errors["effectiveness_checked_at"] = _(
                "An effectiveness check cannot be dated in the future."
            )
        if self.status == self.Status.DONE and self.needs_effectiveness_check:
            if (self.effectiveness_verdict != self.Verdict.EFFECTIVE
                    or not self.effectiveness_checked_at
                    or not self.effectiveness_evidence.strip()):
                errors["status"] = _(
                    "A corrective action is closed only once its effectiveness has been "
                    "checked: give the date, an « effective » verdict and the evidence."
                )
        if errors:
            raise ValidationError(errors)
