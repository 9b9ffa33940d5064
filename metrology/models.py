"""Monitoring and measuring resources (ISO 9001 §7.1.5): the queue-ticketing systems,
footfall counters, meters, analysers, survey tools… whose figures feed the indicators,
and their periodic verifications or calibrations.

A verification records its result and the date the next one is due (its date + the
resource's interval). A resource's last and next verification are read from its latest
verification (metrology.selectors annotates them in one query); an in-service resource
is overdue when its next verification date has passed, or when it was never verified."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Verifications due within this many days are announced to the pilots.
DUE_SOON_DAYS = 30


class MeasuringResource(models.Model):
    class Kind(models.TextChoices):
        QUEUE = "queue", _("Queue-ticketing system")
        FOOTFALL = "footfall", _("Footfall counter")
        METER = "meter", _("Water or energy meter")
        ANALYSER = "analyser", _("Analyser or sensor (wastewater plant)")
        SURVEY = "survey", _("Survey tool")
        SCALE = "scale", _("Scale")
        SOUND = "sound", _("Sound level meter")
        OTHER = "other", _("Other")

    class Method(models.TextChoices):
        CALIBRATION = "calibration", _("Calibration")
        VERIFICATION = "verification", _("Verification")
        FUNCTIONAL = "functional", _("Functional check")

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=200)
    identifier = models.CharField(_("identifier or serial number"), max_length=80, blank=True)
    kind = models.CharField(_("type of resource"), max_length=20, choices=Kind.choices)
    service = models.ForeignKey("qms.Service", verbose_name=_("service"),
                                on_delete=models.PROTECT, related_name="measuring_resources")
    site = models.ForeignKey("qms.Site", verbose_name=_("site"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="measuring_resources")
    location = models.CharField(_("location"), max_length=200, blank=True)
    measures = models.CharField(_("what it measures"), max_length=300, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("indicators it feeds"), blank=True,
        related_name="measuring_resources",
    )
    method = models.CharField(_("verification method"), max_length=20, choices=Method.choices,
                              default=Method.VERIFICATION)
    interval_months = models.IntegerField(
        _("verification interval (months)"), default=12,
        validators=[MinValueValidator(1, message=_("Choose an interval of 1 to 120 months.")),
                    MaxValueValidator(120, message=_("Choose an interval of 1 to 120 months."))],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.IN_SERVICE)
    provider = models.ForeignKey(
        "providers.Provider", verbose_name=_("external provider"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="measuring_resources",
        help_text=_("The company that verifies or calibrates it, if any."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = _("measuring resource")
        verbose_name_plural = _("measuring resources")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.identifier})" if self.identifier else self.name

    def get_absolute_url(self):
        return reverse("metrology:resource", args=[self.pk])


class Verification(models.Model):
    class Result(models.TextChoices):
        CONFORM = "conform", _("Conform")
        ADJUSTED = "adjusted", _("Conform after adjustment")
        NOT_CONFORM = "not_conform", _("Not conform")

    resource = models.ForeignKey(MeasuringResource, verbose_name=_("resource"),
                                 on_delete=models.PROTECT, related_name="verifications")
    performed_on = models.DateField(_("performed on"))
    performed_by = models.CharField(_("performed by"), max_length=200, blank=True,
                                    help_text=_("The agent or the body, when not a provider "
                                                "of the register."))
    provider = models.ForeignKey(
        "providers.Provider", verbose_name=_("external provider"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="verifications",
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    certificate = models.FileField(_("certificate or report"), blank=True,
                                   upload_to="metrology/certificates/%Y/")
    comment = models.TextField(_("comment"), blank=True,
                               help_text=_("Required when not conform: what was found."))
    next_due = models.DateField(_("next verification due"), null=True, blank=True,
                                editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-performed_on", "-pk"]

    def __str__(self):
        return _("Verification of %(resource)s on %(date)s") % {
            "resource": self.resource, "date": self.performed_on.strftime("%d/%m/%Y")}

    def get_absolute_url(self):
        return reverse("metrology:resource", args=[self.resource_id]) + \
            f"#verification-{self.pk}"

    def clean(self):
        errors = {}
        if self.performed_on and self.performed_on > timezone.localdate():
            errors["performed_on"] = _("A verification cannot be dated in the future.")
        if self.result == self.Result.NOT_CONFORM and not (self.comment or "").strip():
            errors["comment"] = _("Say what was found not conform.")
        if not (self.performed_by or "").strip() and self.provider_id is None:
            errors["performed_by"] = _("Say who performed the verification, or choose the "
                                       "provider.")
        if errors:
            raise ValidationError(errors)
