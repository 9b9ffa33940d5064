"""Risk & impact sheets (fiche de maîtrise des risques et d'analyse d'impact, ISO 9001
§6.1): one sheet per process (or per service), listing its risks and opportunities, each
scored likelihood 1-4 × severity 1-4 before and after treatment. The treatment actions are
actions of the one action plan (actions.Action), linked to the risk by their source."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SCALE_ERROR = _("Choose a value between 1 and 4.")
SCALE = [MinValueValidator(1, message=SCALE_ERROR), MaxValueValidator(4, message=SCALE_ERROR)]


class Likelihood(models.IntegerChoices):
    RARE = 1, _("1 — Unlikely")
    POSSIBLE = 2, _("2 — Possible")
    LIKELY = 3, _("3 — Likely")
    CERTAIN = 4, _("4 — Almost certain")


class Severity(models.IntegerChoices):
    MINOR = 1, _("1 — Minor")
    SIGNIFICANT = 2, _("2 — Significant")
    SERIOUS = 3, _("3 — Serious")
    CRITICAL = 4, _("4 — Critical")


class Criticality(models.TextChoices):
    """Levels of likelihood × severity (1 to 16)."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")

    @classmethod
    def of(cls, score: int | None) -> "Criticality | None":
        if not score:
            return None
        if score >= 12:
            return cls.CRITICAL
        if score >= 8:
            return cls.HIGH
        if score >= 4:
            return cls.MODERATE
        return cls.LOW

    @classmethod
    def bounds(cls, level: str) -> tuple[int, int]:
        """The (lowest, highest) score of a level."""
        return {"low": (1, 3), "moderate": (4, 6), "high": (8, 9), "critical": (12, 16)}[level]


class RiskSheet(models.Model):
    """One sheet per process, or per service for the risks that belong to no process."""

    process = models.OneToOneField(
        "processes.Process", verbose_name=_("process"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="risk_sheet",
        error_messages={"unique": _("This process already has a risk sheet.")},
    )
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="risk_sheets",
        help_text=_("The service that maintains the sheet: the process's owner service, or "
                    "the service whose own risks it lists."),
    )
    title = models.CharField(_("title"), max_length=255)
    scope = models.TextField(_("scope and context of the analysis"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reviewed_risk_sheets",
    )
    last_reviewed_at = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk sheet")
        verbose_name_plural = _("risk sheets")
        ordering = ["process__code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=Q(process__isnull=True),
                name="risk_sheet_one_per_service",
                violation_error_message=_("This service already has its own risk sheet."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.process_id and self.process.service_id and not self.service_id:
            self.service_id = self.process.service_id
        if self.process_id and self.service_id and self.process.service_id not in (
            None, self.service_id
        ):
            raise ValidationError({"service": _(
                "A process's risk sheet belongs to the process's owner service."
            )})


class RiskQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_scores(self):
        """Annotate `score` and `residual_score` (likelihood × severity) for filtering."""
        return self.annotate(
            score=F("likelihood") * F("severity"),
            residual_score=F("residual_likelihood") * F("residual_severity"),
        )

    def of_level(self, level: str):
        low, high = Criticality.bounds(level)
        return self.with_scores().filter(score__gte=low, score__lte=high)

    def due_for_review(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.active().filter(review_date__lte=on)


class Risk(models.Model):
    """A risk or an opportunity of a sheet, scored before and after treatment."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Treatment(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        REDUCE = "reduce", _("Reduce")
        TRANSFER = "transfer", _("Transfer")
        AVOID = "avoid", _("Avoid")
        PURSUE = "pursue", _("Pursue")
        NOT_PURSUE = "not_pursue", _("Do not pursue")

    RISK_TREATMENTS = (Treatment.ACCEPT, Treatment.REDUCE, Treatment.TRANSFER, Treatment.AVOID)
    OPPORTUNITY_TREATMENTS = (Treatment.PURSUE, Treatment.NOT_PURSUE)
    #: Decisions that call for actions in the action plan.
    ACTING_TREATMENTS = (Treatment.REDUCE, Treatment.TRANSFER, Treatment.AVOID, Treatment.PURSUE)

    class ImpactedParty(models.TextChoices):
        PARTNERS = "partners", _("Partners")
        USERS = "users", _("Users")
        CITIZENS = "citizens", _("Citizens")
        AGENTS = "agents", _("Agents")
        ENVIRONMENT = "environment", _("Environment")

    sheet = models.ForeignKey(
        RiskSheet, verbose_name=_("risk sheet"), on_delete=models.PROTECT, related_name="risks"
    )
    reference = models.CharField(
        _("reference"), max_length=30, unique=True,
        error_messages={"unique": _("A risk with this reference already exists.")},
        help_text=_("E.g. R-PRC-R01-03."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RISK)
    title = models.CharField(_("risk or opportunity"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    origin_issue = models.ForeignKey(
        "processes.ContextIssue", verbose_name=_("originating issue"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="risks",
    )
    impacted_parties = models.JSONField(
        _("interested parties impacted"), default=list, blank=True,
        help_text=_("Partners, users, citizens, agents, environment."),
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), choices=Likelihood.choices, validators=SCALE
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, validators=SCALE
    )
    existing_controls = models.TextField(_("existing controls"), blank=True)
    treatment = models.CharField(
        _("treatment decision"), max_length=20, choices=Treatment.choices, blank=True
    )
    treatment_rationale = models.TextField(_("reason for the decision"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), choices=Likelihood.choices, validators=SCALE,
        null=True, blank=True,
    )
    residual_severity = models.PositiveSmallIntegerField(
        _("residual severity"), choices=Severity.choices, validators=SCALE,
        null=True, blank=True,
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    reviewed_at = models.DateField(_("last reviewed on"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reviewed_risks",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to archive: the risk stays in history.")
    )

    history = HistoricalRecords()
    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=4, severity__gte=1,
                            severity__lte=4),
                name="risk_scale_1_4",
                violation_error_message=SCALE_ERROR,
            ),
            models.CheckConstraint(
                condition=(Q(residual_likelihood__isnull=True)
                           | Q(residual_likelihood__gte=1, residual_likelihood__lte=4))
                & (Q(residual_severity__isnull=True)
                   | Q(residual_severity__gte=1, residual_severity__lte=4)),
                name="risk_residual_scale_1_4",
                violation_error_message=SCALE_ERROR,
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    # --- scores -------------------------------------------------------------------------
    @property
    def criticality(self) -> int:
        return (self.likelihood or 0) * (self.severity or 0)

    @property
    def criticality_level(self) -> Criticality | None:
        return Criticality.of(self.criticality)

    @property
    def residual_criticality(self) -> int | None:
        if self.residual_likelihood and self.residual_severity:
            return self.residual_likelihood * self.residual_severity
        return None

    @property
    def residual_level(self) -> Criticality | None:
        return Criticality.of(self.residual_criticality)

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.review_date and self.review_date < timezone.localdate())

    def get_impacted_parties_display(self) -> list[str]:
        labels = dict(self.ImpactedParty.choices)
        return [str(labels.get(value, value)) for value in self.impacted_parties or []]

    # --- validation ---------------------------------------------------------------------
    def clean(self):
        errors = {}
        allowed = (self.RISK_TREATMENTS if self.kind == self.Kind.RISK
                   else self.OPPORTUNITY_TREATMENTS)
        if self.treatment and self.treatment not in allowed:
            errors["treatment"] = (
                _("A risk is accepted, reduced, transferred or avoided.")
                if self.kind == self.Kind.RISK
                else _("An opportunity is pursued or not pursued.")
            )
        unknown = set(self.impacted_parties or []) - set(self.ImpactedParty.values)
        if not isinstance(self.impacted_parties, list) or unknown:
            errors["impacted_parties"] = _("Choose among partners, users, citizens, agents "
                                           "and environment.")
        if bool(self.residual_likelihood) != bool(self.residual_severity):
            errors["residual_severity"] = _(
                "Give both the residual likelihood and the residual severity, or neither."
            )
        if self.reviewed_at and self.reviewed_at > timezone.localdate():
            errors["reviewed_at"] = _("A review date cannot be in the future.")
        if self.review_date and self.reviewed_at and self.review_date <= self.reviewed_at:
            errors["review_date"] = _("The next review must come after the last one.")
        if errors:
            raise ValidationError(errors)
