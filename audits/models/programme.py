"""The yearly audit programme (ISO 19011 §5): objectives, scope, risks considered,
resources, approved by the direction; its audits are planned in it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AuditProgramme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("There is already an audit programme for this year.")},
    )
    title = models.CharField(_("title"), max_length=255)
    objectives = models.TextField(_("objectives"))
    scope = models.TextField(_("scope"), help_text=_("Services, processes and sites covered."))
    risks = models.TextField(_("risks and opportunities considered"), blank=True)
    methods = models.TextField(_("methods and resources"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year"]

    def __str__(self):
        return self.title or str(self.year)

    def get_absolute_url(self):
        return reverse("audits:programme", args=[self.year])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
