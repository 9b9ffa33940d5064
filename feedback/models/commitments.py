"""Service commitments (engagements de service, Qualivilles / Services Publics+ style):
a register with their indicators, and a public page publishing their results."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Commitment(models.Model):
    class Label(models.TextChoices):
        QUALIVILLES = "qualivilles", _("Qualivilles")
        SERVICES_PUBLICS_PLUS = "sp_plus", _("Services Publics+")
        INTERNAL = "internal", _("Internal commitment")

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True,
        error_messages={"unique": _("A commitment with this number already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    label = models.CharField(_("label"), max_length=20, choices=Label.choices,
                             default=Label.INTERNAL)
    services = models.ManyToManyField("qms.Service", verbose_name=_("services"), blank=True,
                                      related_name="commitments")
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("indicators"), blank=True,
        related_name="commitments",
        help_text=_("The indicators measuring the commitment; their yearly targets are the "
                    "commitment's targets."),
    )
    is_published = models.BooleanField(
        _("published to citizens"), default=False,
        help_text=_("Shown with its latest results on the public commitments page."))
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[services, indicators])

    class Meta:
        verbose_name = _("service commitment")
        verbose_name_plural = _("service commitments")
        ordering = ["number"]

    def __str__(self):
        return _("Commitment %(number)s — %(title)s") % {"number": self.number,
                                                         "title": self.title}

    def clean(self):
        super().clean()
        if self.is_published and not self.is_active:
            raise ValidationError({"is_published": _(
                "An archived commitment cannot be published.")})
