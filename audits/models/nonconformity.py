"""Nonconformities (ISO 9001 §10.2, §8.7): from an audit finding, a complaint, an internal
detection, an indicator alert or a supplier; immediate correction, cause analysis (5 whys
or Ishikawa), extent, corrective actions in the one action plan, effectiveness check and
closure by the quality engineer once every action is done and effective."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NonconformityQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Nonconformity.Status.CLOSED)

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(target_closure_date__lt=on or timezone.localdate())


class Nonconformity(models.Model):
    class SourceKind(models.TextChoices):
        AUDIT = "audit", _("Audit finding")
        COMPLAINT = "complaint", _("Complaint")
        INTERNAL = "internal", _("Internal detection")
        INDICATOR = "indicator", _("Indicator alert")
        SUPPLIER = "supplier", _("Supplier")

    class Severity(models.TextChoices):
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANALYSED = "analysed", _("Causes analysed")
        ACTIONS = "actions", _("Actions in progress")
        EFFECTIVENESS = "effectiveness", _("Awaiting effectiveness check")
        CLOSED = "closed", _("Closed")

    class Method(models.TextChoices):
        FIVE_WHYS = "five_whys", _("5 whys")
        ISHIKAWA = "ishikawa", _("Ishikawa (5M)")

    class Category(models.TextChoices):
        """The Ishikawa categories (the 6 M)."""
        MANPOWER = "main_oeuvre", _("Manpower")
        METHODS = "methodes", _("Methods")
        EQUIPMENT = "materiel", _("Equipment")
        ENVIRONMENT = "milieu", _("Environment")
        MATERIALS = "matiere", _("Materials")
        MEASUREMENT = "mesure", _("Measurement")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False,
                                 help_text=_("Given at creation, e.g. NC-2026-007."))
    title = models.CharField(_("title"), max_length=255)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.MINOR)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    finding = models.OneToOneField("audits.Finding", verbose_name=_("audit finding"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="nonconformity")
    source_content_type = models.ForeignKey(ContentType, verbose_name=_("source type"),
                                            null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    source_object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_label = models.CharField(_("source record"), max_length=255, blank=True)

    service = models.ForeignKey("qms.Service", verbose_name=_("service"),
                                on_delete=models.PROTECT, related_name="nonconformities")
    process = models.ForeignKey("processes.Process", verbose_name=_("process"), null=True,
                                blank=True, on_delete=models.PROTECT,
                                related_name="nonconformities")
    description = models.TextField(_("description"))
    detected_at = models.DateField(_("detected on"), default=timezone.localdate)
    detected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("detected by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    immediate_correction = models.TextField(_("immediate correction"), blank=True,
                                            help_text=_("What was done at once to contain "
                                                        "the nonconformity."))
    analysis_method = models.CharField(_("cause analysis method"), max_length=20,
                                       choices=Method.choices, blank=True)
    five_whys = models.JSONField(_("5 whys"), default=list, blank=True,
                                 help_text=_("The successive answers to « why? »."))
    ishikawa = models.JSONField(_("Ishikawa causes"), default=dict, blank=True,
                                help_text=_("The causes found in each category."))
    root_cause = models.TextField(_("root cause"), blank=True)
    extent = models.TextField(_("extent"), blank=True,
                              help_text=_("Similar cases elsewhere (other services, sites, "
                                          "processes)."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    target_closure_date = models.DateField(_("target closure date"), null=True, blank=True)
    risk = models.ForeignKey("processes.Risk", verbose_name=_("linked risk"), null=True,
                             blank=True, on_delete=models.PROTECT,
                             related_name="nonconformities")
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closure_comment = models.TextField(_("closure comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    history = HistoricalRecords()
    objects = NonconformityQuerySet.as_manager()

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-detected_at", "-reference"]
        indexes = [
            models.Index(fields=["service", "status"], name="nc_service_status_idx"),
            models.Index(fields=["source_content_type", "source_object_id"],
                         name="nc_source_idx"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    def get_absolute_url(self):
        return reverse("audits:nonconformity", args=[self.reference])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def age_days(self) -> int:
        end = self.closed_at or timezone.localdate()
        return (end - self.detected_at).days if self.detected_at else 0

    @property
    def is_overdue(self) -> bool:
        return (not self.is_closed and self.target_closure_date is not None
                and self.target_closure_date < timezone.localdate())

    def ishikawa_rows(self) -> list[tuple[str, str]]:
        """(category label, causes) for each category with causes, in the 6M order."""
        data = self.ishikawa or {}
        return [(label, data[value]) for value, label in self.Category.choices
                if (data.get(value) or "").strip()]

    def clean(self):
        errors = {}
        if self.detected_at and self.detected_at > timezone.localdate():
            errors["detected_at"] = _("A nonconformity cannot be detected in the future.")
        if (self.target_closure_date and self.detected_at
                and self.target_closure_date < self.detected_at):
            errors["target_closure_date"] = _("The target closure date cannot be before the "
                                              "detection date.")
        if not isinstance(self.five_whys, list) or not all(
                isinstance(v, str) for v in self.five_whys):
            errors["five_whys"] = _("The 5 whys are a list of answers.")
        elif len(self.five_whys) > 7:
            errors["five_whys"] = _("Give at most 7 answers to « why? ».")
        if not isinstance(self.ishikawa, dict) or set(self.ishikawa) - set(self.Category.values):
            errors["ishikawa"] = _("Unknown Ishikawa category: use main d'œuvre, méthodes, "
                                   "matériel, milieu, matière or mesure.")
        if self.source_kind == self.SourceKind.AUDIT and not self.finding_id:
            errors["finding"] = _("A nonconformity from an audit is linked to its finding.")
        if errors:
            raise ValidationError(errors)
