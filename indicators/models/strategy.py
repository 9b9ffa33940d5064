"""The two chains of objectives: municipal programme → strategic axes → strategic
objectives, and service activities → service objectives. Both lead to indicators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Programme(models.Model):
    """The municipal programme (programme municipal / projet de mandat)."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipal programme")
        verbose_name_plural = _("municipal programmes")
        ordering = ["-start_year"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("The last year cannot come before the first year.")}
            )


class StrategicAxis(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="axes"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")
        ordering = ["programme", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="unique_axis_code")
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"


class Objective(models.Model):
    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic objective")
        SERVICE = "service", _("Service objective")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        ABANDONED = "abandoned", _("Abandoned")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=30, unique=True,
        error_messages={"unique": _("An objective with this code already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        StrategicAxis, verbose_name=_("strategic axis"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="objectives",
        help_text=_("Required for a strategic objective."),
    )
    activity = models.CharField(
        _("service activity"), max_length=255, blank=True,
        help_text=_("The activity of the service this objective serves (service objectives)."),
    )
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="objectives",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_objectives",
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes"), blank=True, related_name="objectives"
    )

    history = HistoricalRecords(m2m_fields=[processes])

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["kind", "code"]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.STRATEGIC and not self.axis_id:
            errors["axis"] = _("A strategic objective belongs to a strategic axis.")
        if self.kind == self.Kind.SERVICE and self.axis_id:
            errors["axis"] = _("A service objective does not belong to a strategic axis.")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The last year cannot come before the first year.")
        if errors:
            raise ValidationError(errors)
