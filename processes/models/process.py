"""The process register (ISO 9001 §4.4). This first piece holds what objectives and
indicators link to; the full register, the map, context and risks come with their issue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Process(models.Model):
    class Family(models.TextChoices):
        MANAGEMENT = "management", _("Management processes")
        REALISATION = "realisation", _("Realisation processes")
        SUPPORT = "support", _("Support processes")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    code = models.CharField(
        _("code"), max_length=20, unique=True,
        error_messages={"unique": _("A process with this code already exists.")},
    )
    name = models.CharField(_("name"), max_length=200)
    family = models.CharField(_("process family"), max_length=20, choices=Family.choices)
    pilot = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pilot"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="piloted_processes",
    )
    services = models.ManyToManyField(
        "qms.Service", verbose_name=_("services involved"), blank=True, related_name="processes"
    )
    process_sheet = models.ForeignKey(
        "documents.ProcessSheetPage", verbose_name=_("process sheet"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="processes",
        help_text=_("The controlled document that describes this process."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"
