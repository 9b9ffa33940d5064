"""External providers (ISO 9001 §8.4): the contractors, concession holders (délégataires
de service public) and public-contract suppliers whose work reaches the users, the
criteria they are evaluated on, and their periodic evaluations.

An evaluation scores the provider on each active criterion (1 to 4); its score is the
weighted mean, in % of the best mark (4/4 on every criterion = 100 %). Recording one
(providers.services.evaluation_record) sets the provider's last evaluation date and the
date the next one is due (+ its interval). A provider never evaluated is due one
interval after its contract starts (or after it was registered)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Evaluations due within this many days are announced to the pilots.
DUE_SOON_DAYS = 30
#: La Poste's SIREN: its establishments' SIRET follow another check (sum of digits % 5).
LA_POSTE_SIREN = "356000000"


def siret_is_valid(value: str) -> bool:
    """14 digits passing the Luhn check (La Poste's: digit sum multiple of 5)."""
    if not re.fullmatch(r"\d{14}", value or ""):
        return False
    if value.startswith(LA_POSTE_SIREN) and value != "35600000000048":
        return sum(int(d) for d in value) % 5 == 0
    total = 0
    for index, digit in enumerate(reversed(value)):
        number = int(digit) * (2 if index % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not siret_is_valid(value):
        raise ValidationError(
            _("A SIRET number has 14 digits and a valid check digit (see the Sirene "
              "directory)."), code="invalid_siret")


class ProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def due(self, on: datetime.date | None = None, days: int = DUE_SOON_DAYS):
        """Active providers whose evaluation is due within `days` days or overdue."""
        on = on or timezone.localdate()
        return self.active().filter(
            next_evaluation_due__lte=on + datetime.timedelta(days=days))

    def overdue(self, on: datetime.date | None = None):
        return self.active().filter(next_evaluation_due__lt=on or timezone.localdate())

    def for_services(self, service_ids):
        return self.filter(
            pk__in=Provider.services.through.objects.filter(
                service_id__in=list(service_ids)).values("provider_id"))


class Provider(models.Model):
    """A provider of the municipality, for one or more of its services."""

    class Kind(models.TextChoices):
        CONTRACTOR = "contractor", _("Contractor")
        CONCESSION = "concession", _("Concession holder (délégataire de service public)")
        SUPPLIER = "supplier", _("Public-contract supplier")
        OTHER = "other", _("Other")

    class Criticality(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type of provider"), max_length=20, choices=Kind.choices)
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret],
        help_text=_("14 digits, without spaces."),
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    services = models.ManyToManyField(
        "qms.Service", verbose_name=_("services concerned"), related_name="providers",
    )
    contract_reference = models.CharField(
        _("contract reference"), max_length=120, blank=True,
        help_text=_("Public contract number, concession agreement…"),
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    criticality = models.CharField(
        _("criticality"), max_length=10, choices=Criticality.choices,
        default=Criticality.MEDIUM,
        help_text=_("How much the service to the users depends on this provider."),
    )
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("evaluation interval (months)"), default=12,
        validators=[MinValueValidator(1, message=_("Choose an interval of 1 to 60 months.")),
                    MaxValueValidator(60, message=_("Choose an interval of 1 to 60 months."))],
    )
    last_evaluated_on = models.DateField(_("last evaluated on"), null=True, blank=True,
                                         editable=False)
    next_evaluation_due = models.DateField(_("next evaluation due"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Untick when the contract is over: the provider stays in the history."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[services])
    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("external provider")
        verbose_name_plural = _("external providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("providers:provider", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_active and self.next_evaluation_due
                    and self.next_evaluation_due < timezone.localdate())

    def clean(self):
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValidationError({"contract_end": _(
                "The contract cannot end before it starts.")})


class EvaluationCriterion(models.Model):
    """A criterion providers are scored on (quality of service, deadlines…), weighted."""

    name = models.CharField(
        _("name"), max_length=120, unique=True,
        error_messages={"unique": _("A criterion with this name already exists.")},
    )
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1,
        validators=[MinValueValidator(1, message=_("Choose a weight of 1 to 10.")),
                    MaxValueValidator(10, message=_("Choose a weight of 1 to 10."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    """The evaluation of a provider on a date, one score per criterion."""

    class Conclusion(models.TextChoices):
        APPROVED = "approved", _("Approved")
        WATCH = "watch", _("Approved under watch")
        REPLACE = "replace", _("To be replaced")

    provider = models.ForeignKey(Provider, verbose_name=_("provider"),
                                 on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    period_start = models.DateField(_("period covered from"), null=True, blank=True)
    period_end = models.DateField(_("period covered to"), null=True, blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"),
                                  on_delete=models.PROTECT, related_name="provider_evaluations")
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=Conclusion.choices)
    comment = models.TextField(
        _("comment"), blank=True,
        help_text=_("Required when the provider is not simply approved: what must change."),
    )
    score = models.DecimalField(_("score (%)"), max_digits=4, decimal_places=1, null=True,
                                blank=True, editable=False)
    next_due = models.DateField(_("next evaluation due"), null=True, blank=True,
                                editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provider evaluation")
        verbose_name_plural = _("provider evaluations")
        ordering = ["-evaluated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "evaluated_on"], name="providers_one_evaluation_a_day",
                violation_error_message=_("This provider already has an evaluation on this "
                                          "date."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="providers_period_in_order",
            ),
        ]

    def __str__(self):
        return _("Evaluation of %(provider)s on %(date)s") % {
            "provider": self.provider, "date": self.evaluated_on.strftime("%d/%m/%Y")}

    def get_absolute_url(self):
        return reverse("providers:provider", args=[self.provider_id]) + f"#evaluation-{self.pk}"

    def clean(self):
        errors = {}
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            errors["evaluated_on"] = _("An evaluation cannot be dated in the future.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period covered cannot end before it starts.")
        if (self.conclusion and self.conclusion != self.Conclusion.APPROVED
                and not (self.comment or "").strip()):
            errors["comment"] = _("Say why the provider is not simply approved.")
        if errors:
            raise ValidationError(errors)


class EvaluationScore(models.Model):
    """The mark of one criterion at an evaluation."""

    class Mark(models.IntegerChoices):
        INSUFFICIENT = 1, _("1 — Insufficient")
        NEEDS_IMPROVEMENT = 2, _("2 — Needs improvement")
        SATISFACTORY = 3, _("3 — Satisfactory")
        VERY_GOOD = 4, _("4 — Very good")

    BEST = 4

    evaluation = models.ForeignKey(Evaluation, verbose_name=_("evaluation"),
                                   on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, verbose_name=_("criterion"),
                                  on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("score"), choices=Mark.choices,
        validators=[MinValueValidator(1, message=_("Choose a score of 1 to 4.")),
                    MaxValueValidator(4, message=_("Choose a score of 1 to 4."))],
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, editable=False,
        help_text=_("The criterion's weight when the evaluation was recorded."))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["evaluation_id", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="providers_one_score_per_criterion",
                violation_error_message=_("This criterion is already scored here."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion} — {self.score}/4"


def weighted_score(pairs) -> float | None:
    """The weighted score in % of the best mark, from (score, weight) pairs."""
    pairs = [(score, weight) for score, weight in pairs if score]
    total = sum(weight for _score, weight in pairs)
    if not total:
        return None
    return round(100 * sum(s * w for s, w in pairs) / (EvaluationScore.BEST * total), 1)
