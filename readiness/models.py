"""The clause-to-evidence matrix's records.

- ClauseRule: for a clause or commitment (audits.Criterion), which evidence kinds
  (qms.evidence) show it is met and what the auditor expects to see; shipped as data
  (migration 0002) and edited by the quality engineer.
- ClauseAssessment: a service's declaration on a clause — not applicable, or covered by a
  declaration — always with its justification.
- DocumentClause: a published controlled document linked to a clause (evidence of kind
  "documents").
- GapAction: a gap of a service's matrix turned into an action of the one action plan.
- ReadinessScore: the last readiness score of a service for a standard, refreshed when its
  matrix is computed and every night."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms import evidence


class ClauseRule(models.Model):
    """Which evidence kinds a clause asks for, and what the auditor looks at."""

    criterion = models.OneToOneField(
        "audits.Criterion", verbose_name=_("clause or commitment"), on_delete=models.CASCADE,
        related_name="readiness_rule",
    )
    evidence_kinds = models.JSONField(
        _("evidence kinds"), default=list, blank=True,
        help_text=_("The kinds of records that show the clause is met; none: a linked "
                    "document or a declaration."),
    )
    guidance = models.TextField(
        _("guidance for the pilot"), blank=True,
        help_text=_("What the auditor expects to see for this clause."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause rule")
        verbose_name_plural = _("clause rules")
        ordering = ["criterion__standard__name", "criterion__order", "criterion__reference"]

    def __str__(self):
        return str(self.criterion) if self.criterion_id else str(_("clause rule"))

    def clean(self):
        kinds = self.evidence_kinds
        if kinds in (None, ""):
            self.evidence_kinds = kinds = []
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ValidationError({"evidence_kinds": _(
                "Give the evidence kinds as a list of codes.")})
        unknown = [code for code in kinds if evidence.get(code) is None]
        if unknown:
            raise ValidationError({"evidence_kinds": _(
                "Unknown evidence kind: %(codes)s. Known kinds: %(known)s.") % {
                "codes": ", ".join(unknown),
                "known": ", ".join(kind.code for kind in evidence.kinds()) or "—"}})
        if len(set(kinds)) != len(kinds):
            self.evidence_kinds = list(dict.fromkeys(kinds))


class ClauseAssessment(models.Model):
    """A service's declaration on a clause, with its justification: the clause does not
    apply (excluded from the score), or it is covered by what the declaration says."""

    class Status(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        COVERED = "covered", _("Covered by declaration")

    service = models.ForeignKey("qms.Service", verbose_name=_("service"),
                                on_delete=models.PROTECT, related_name="clause_assessments")
    criterion = models.ForeignKey("audits.Criterion", verbose_name=_("clause or commitment"),
                                  on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    justification = models.TextField(
        _("justification"), blank=True,
        help_text=_("Why the clause does not apply, or what shows it is covered."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clause assessment")
        verbose_name_plural = _("clause assessments")
        ordering = ["service__name", "criterion__standard__name", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "criterion"], name="readiness_assessment_unique",
                violation_error_message=_("This service already has a declaration on this "
                                          "clause."),
            ),
        ]

    def __str__(self):
        return f"{self.service} — {self.criterion.label} — {self.get_status_display()}"

    def clean(self):
        if not (self.justification or "").strip():
            raise ValidationError({"justification": _(
                "Give the justification: why the clause does not apply, or what shows it "
                "is covered.")})


class DocumentClause(models.Model):
    """A controlled document linked to a clause: evidence of kind "documents" for the
    services that own it."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("document"),
                             on_delete=models.CASCADE, related_name="readiness_clauses")
    criterion = models.ForeignKey("audits.Criterion", verbose_name=_("clause or commitment"),
                                  on_delete=models.CASCADE, related_name="document_links")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document linked to a clause")
        verbose_name_plural = _("documents linked to clauses")
        ordering = ["criterion__standard__name", "criterion__order", "page__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "criterion"], name="readiness_document_clause_unique",
                violation_error_message=_("This document is already linked to this clause."),
            ),
        ]

    def __str__(self):
        return f"{self.page} — {self.criterion.label}"


#: A number standing alone in a gap's wording (« depuis 7 mois », « 3 agents », « 43 % »),
#: not one inside a code (PRC-ACC-02, IND-MED-05).
_FIGURE = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])")


def gap_key(message: str) -> str:
    """What identifies a gap over time: its wording with the figures taken out, so that
    « aucune évaluation depuis 7 mois » next month (« 8 mois ») is the same gap, still
    shown with the action opened for it."""
    return _FIGURE.sub("#", " ".join(str(message).split()))


class GapAction(models.Model):
    """A gap of a service's matrix turned into an action: the matrix then shows the action
    instead of the button."""

    service = models.ForeignKey("qms.Service", verbose_name=_("service"),
                                on_delete=models.PROTECT, related_name="readiness_gap_actions")
    criterion = models.ForeignKey("audits.Criterion", verbose_name=_("clause or commitment"),
                                  on_delete=models.CASCADE, related_name="gap_actions")
    gap = models.CharField(_("gap"), max_length=500)
    action = models.ForeignKey("actions.Action", verbose_name=_("action"),
                               on_delete=models.PROTECT, related_name="readiness_gaps")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gap turned into an action")
        verbose_name_plural = _("gaps turned into actions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "criterion", "gap"], name="readiness_gap_action_unique",
                violation_error_message=_("This gap already has its action."),
            ),
        ]

    def __str__(self):
        return f"{self.service} — {self.criterion.label} — {self.gap}"


class ReadinessScore(models.Model):
    """The last readiness score of a service for a standard: (covered + ½ partly) /
    applicable clauses, as a percentage."""

    service = models.ForeignKey("qms.Service", verbose_name=_("service"),
                                on_delete=models.CASCADE, related_name="readiness_scores")
    standard = models.ForeignKey("audits.Standard", verbose_name=_("standard or label"),
                                 on_delete=models.CASCADE, related_name="readiness_scores")
    score = models.DecimalField(_("score (%)"), max_digits=4, decimal_places=1, null=True,
                                blank=True)
    covered = models.PositiveIntegerField(_("covered"), default=0)
    partly = models.PositiveIntegerField(_("partly covered"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    not_applicable = models.PositiveIntegerField(_("not applicable"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("readiness score")
        verbose_name_plural = _("readiness scores")
        ordering = ["service__name", "standard__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "standard"],
                                    name="readiness_score_unique"),
        ]

    def __str__(self):
        return f"{self.service} — {self.standard} — {self.score} %"

    @property
    def gaps(self) -> int:
        return self.partly + self.missing
