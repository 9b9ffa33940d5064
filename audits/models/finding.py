"""Audit findings (constats), AFNOR classes: major and minor nonconformity, observation
(point sensible / de vigilance), opportunity for improvement (piste de progrès), strength
(point fort). A nonconformity finding gets its Nonconformity record (finding_record)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Finding(models.Model):
    class Kind(models.TextChoices):
        MAJOR_NC = "major_nc", _("Major nonconformity")
        MINOR_NC = "minor_nc", _("Minor nonconformity")
        OBSERVATION = "observation", _("Observation")
        OPPORTUNITY = "opportunity", _("Opportunity for improvement")
        STRENGTH = "strength", _("Strength")

    NC_KINDS = (Kind.MAJOR_NC, Kind.MINOR_NC)
    #: The order of the report's sections.
    REPORT_ORDER = (Kind.MAJOR_NC, Kind.MINOR_NC, Kind.OBSERVATION, Kind.OPPORTUNITY,
                    Kind.STRENGTH)

    audit = models.ForeignKey("audits.Audit", verbose_name=_("audit"), on_delete=models.PROTECT,
                              related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    criterion = models.ForeignKey("audits.Criterion", verbose_name=_("clause or commitment"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="findings")
    clause_reference = models.CharField(
        _("clause reference"), max_length=80, blank=True,
        help_text=_("Filled from the clause chosen, or typed (e.g. an internal procedure)."),
    )
    process = models.ForeignKey("processes.Process", verbose_name=_("process"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="findings")
    service = models.ForeignKey("qms.Service", verbose_name=_("service"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="findings")
    description = models.TextField(_("description"))
    evidence = models.TextField(_("evidence"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["audit", "order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.description[:60]}"

    @property
    def is_nonconformity(self) -> bool:
        return self.kind in self.NC_KINDS

    @property
    def reference_label(self) -> str:
        return self.clause_reference or (self.criterion.label if self.criterion_id else "")

    def clean(self):
        errors = {}
        if not (self.description or "").strip():
            errors["description"] = _("Describe the finding.")
        if self.kind in self.NC_KINDS and not (self.evidence or "").strip():
            errors["evidence"] = _("A nonconformity is stated with its evidence.")
        if self.kind in self.NC_KINDS and not self.criterion_id and not self.clause_reference:
            errors["clause_reference"] = _("A nonconformity names the clause or commitment "
                                           "it breaches.")
        if self.kind in self.NC_KINDS and not self.service_id:
            errors["service"] = _("Choose the service that will treat the nonconformity.")
        if errors:
            raise ValidationError(errors)
