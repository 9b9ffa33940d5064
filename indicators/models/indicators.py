"""Indicator sheets (fiches indicateurs), their yearly targets and their measurements."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .periods import Frequency, Period


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        IMPORT = "import", _("Spreadsheet import")
        API = "api", _("API feed from an application")
        COMPUTED = "computed", _("Computed from the product's own records")

    class Category(models.TextChoices):
        EFFECTIVENESS = "effectiveness", _("Effectiveness for citizens")
        QUALITY = "quality", _("Quality of service")
        EFFICIENCY = "efficiency", _("Efficiency")

    code = models.CharField(
        _("code"), max_length=30, unique=True,
        validators=[RegexValidator(
            r"^[A-Z0-9]+([-_.][A-Z0-9]+)*$",
            _("Use capital letters, digits and dashes, e.g. IND-ACC-01."),
        )],
        error_messages={"unique": _("An indicator with this code already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    formula = models.TextField(
        _("calculation formula"), blank=True, help_text=_("Numerator, denominator, scope.")
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("%, days, €, kWh…"))
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.QUALITY
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    source = models.CharField(
        _("data source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    feed_application = models.ForeignKey(
        "indicators.FeedApplication", verbose_name=_("feeding application"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="indicators",
        help_text=_("The application allowed to send this indicator's values through the API."),
    )
    collection_method = models.TextField(_("collection method"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_indicators",
    )
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="indicators",
    )
    direction = models.CharField(
        _("direction of improvement"), max_length=10, choices=Direction.choices,
        default=Direction.HIGHER,
    )
    alert_threshold = models.DecimalField(
        _("alert threshold"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Past this value (on the wrong side of the target) the indicator is on alert."),
    )
    critical_threshold = models.DecimalField(
        _("critical threshold"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Past this value the indicator is critical."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes"), blank=True, related_name="indicators"
    )
    objectives = models.ManyToManyField(
        "indicators.Objective", verbose_name=_("objectives"), blank=True,
        related_name="indicators",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An archived indicator takes no new values.")
    )
    is_published = models.BooleanField(_("published to citizens"), default=False)

    history = HistoricalRecords(m2m_fields=[processes, objectives])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def get_absolute_url(self):
        return reverse("indicators:indicator_detail", args=[self.code])

    def clean(self):
        super().clean()
        errors = {}
        if self.source == self.Source.API and not self.feed_application_id:
            errors["feed_application"] = _("Name the application that feeds this indicator.")
        if errors:
            raise ValidationError(errors)

    def parse_period(self, label: str) -> Period:
        return Period.parse(label, self.frequency)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="unique_target_year")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class Measurement(models.Model):
    """The value of an indicator for one period. Corrections keep the previous value in
    the history, with the reason given."""

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        IMPORT = "import", _("Spreadsheet import")
        API = "api", _("API")
        COMPUTED = "computed", _("Computed")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
        related_name="measurements",
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"), editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    origin = models.CharField(_("entered through"), max_length=10, choices=Origin.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    feed_application = models.ForeignKey(
        "indicators.FeedApplication", verbose_name=_("feeding application"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    entered_at = models.DateTimeField(_("entered on"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_measurement")
        ]
        indexes = [models.Index(fields=["indicator", "-period_start"])]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"

    def normalised_value(self) -> Decimal:
        return self.value.normalize()
