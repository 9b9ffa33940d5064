"""The process register (ISO 9001 §4.4).

A process and its controlled process sheet (documents.ProcessSheetPage) stay linked and
neither duplicates the other: the sheet holds the approved, versioned description (purpose,
beneficiaries, inputs and their suppliers, activities, outputs and their recipients,
resources, criteria and methods, applicable requirements); the register holds what is
relational and lives between two versions of the sheet: family, pilot, services, the
interactions drawn on the map, the indicators, documents and risks that belong to the
process, its status."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProcessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Process.Status.ACTIVE)


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
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("owner service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="owned_processes",
        help_text=_("The service of the pilot, which maintains the process, its risk sheet "
                    "and its actions."),
    )
    services = models.ManyToManyField(
        "qms.Service", verbose_name=_("services involved"), blank=True, related_name="processes"
    )
    process_sheet = models.ForeignKey(
        "documents.ProcessSheetPage", verbose_name=_("process sheet"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="processes",
        help_text=_("The controlled document that describes this process."),
    )
    documents = models.ManyToManyField(
        "documents.ControlledDocumentPage", verbose_name=_("documents"), blank=True,
        related_name="register_processes",
        help_text=_("The procedures, instructions and forms that belong to this process."),
    )
    map_order = models.PositiveSmallIntegerField(
        _("order on the map"), default=0,
        help_text=_("Position of the process in its family's row of the process map."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    history = HistoricalRecords(m2m_fields=[services, documents])
    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def get_absolute_url(self):
        return reverse("processes:process", args=[self.code])


class ProcessInteraction(models.Model):
    """An arrow of the process map: what one process hands to another (an output of the
    first that is an input of the second). A process's interactions are the arrows leaving
    it (downstream) and those arriving at it (upstream)."""

    source = models.ForeignKey(
        Process, verbose_name=_("from process"), on_delete=models.CASCADE,
        related_name="outgoing_interactions",
    )
    target = models.ForeignKey(
        Process, verbose_name=_("to process"), on_delete=models.CASCADE,
        related_name="incoming_interactions",
    )
    description = models.CharField(
        _("what flows"), max_length=255, blank=True,
        help_text=_("What the first process hands to the second, e.g. « demandes "
                    "qualifiées »."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        ordering = ["source__code", "target__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="process_interaction_unique",
                violation_error_message=_("This interaction is already in the register."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="process_interaction_not_self",
                violation_error_message=_("A process cannot interact with itself."),
            ),
        ]

    def __str__(self):
        return f"{self.source.code} → {self.target.code}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError(
                {"target": _("A process cannot interact with itself.")}
            )
