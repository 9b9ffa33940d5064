"""The context of the organisation: internal and external issues (ISO 9001 §4.1, with the
2024 amendment's question whether climate change is relevant) and the interested parties
with their needs and expectations (§4.2), each linked to the processes concerned and
reviewed periodically."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReviewedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def due_for_review(self, on: datetime.date | None = None):
        """Active rows whose next review date has come (or that were never reviewed)."""
        on = on or timezone.localdate()
        return self.active().filter(
            models.Q(next_review_date__lte=on) | models.Q(next_review_date__isnull=True)
        )


class PeriodicallyReviewed(models.Model):
    """Who reviewed the row last, when, and when it is to be reviewed next."""

    review_period_months = models.PositiveSmallIntegerField(
        _("review period (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    last_reviewed_at = models.DateField(_("last reviewed on"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to archive: the row stays in history.")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed_at and self.last_reviewed_at > timezone.localdate():
            raise ValidationError({"last_reviewed_at": _("A review date cannot be in the future.")})
        if self.last_reviewed_at and not self.next_review_date:
            self.next_review_date = self.last_reviewed_at + relativedelta(
                months=self.review_period_months
            )
        if (self.last_reviewed_at and self.next_review_date
                and self.next_review_date <= self.last_reviewed_at):
            raise ValidationError(
                {"next_review_date": _("The next review must come after the last one.")}
            )

    @property
    def is_review_overdue(self) -> bool:
        return self.next_review_date is None or self.next_review_date < timezone.localdate()


class ContextIssue(PeriodicallyReviewed):
    """Enjeu interne ou externe."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal issue")
        EXTERNAL = "external", _("External issue")

    class Category(models.TextChoices):
        POLITICAL = "political", _("Political and institutional")
        ECONOMIC = "economic", _("Economic and budgetary")
        SOCIAL = "social", _("Social and demographic")
        TECHNOLOGICAL = "technological", _("Technological and digital")
        ENVIRONMENTAL = "environmental", _("Environmental and climate")
        LEGAL = "legal", _("Legal and regulatory")
        ORGANISATIONAL = "organisational", _("Organisation, human resources and skills")

    class Trend(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        STABLE = "stable", _("Stable")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("issue"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    trend = models.CharField(
        _("trend"), max_length=20, choices=Trend.choices, default=Trend.STABLE
    )
    climate_relevant = models.BooleanField(
        _("climate change is relevant"), default=False,
        help_text=_("ISO 9001 amendment 1 (2024): whether climate change is a relevant issue "
                    "here."),
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes concerned"), blank=True,
        related_name="context_issues",
    )

    history = HistoricalRecords(m2m_fields=[processes])
    objects = ReviewedQuerySet.as_manager()

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["kind", "category", "title"]

    def __str__(self):
        return self.title


class InterestedParty(PeriodicallyReviewed):
    """Partie intéressée, with its needs and expectations."""

    class Category(models.TextChoices):
        CITIZENS = "citizens", _("Citizens and users")
        ELECTED = "elected", _("Elected officials")
        AGENTS = "agents", _("Agents and staff representatives")
        STATE = "state", _("State and public authorities")
        PARTNERS = "partners", _("Partners and associations")
        SUPPLIERS = "suppliers", _("Suppliers and contractors")
        ENVIRONMENT = "environment", _("Environment and neighbourhood")

    class Influence(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    name = models.CharField(_("name"), max_length=200, unique=True, error_messages={
        "unique": _("An interested party with this name already exists."),
    })
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    needs_and_expectations = models.TextField(_("needs and expectations"))
    requirements = models.TextField(
        _("requirements retained"), blank=True,
        help_text=_("The needs and expectations that become requirements of the management "
                    "system (§4.2 b)."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), choices=Influence.choices, default=Influence.MEDIUM
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes concerned"), blank=True,
        related_name="interested_parties",
    )

    history = HistoricalRecords(m2m_fields=[processes])
    objects = ReviewedQuerySet.as_manager()

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["category", "name"]

    def __str__(self):
        return self.name
