"""Regulatory watch (veille réglementaire, ISO 14001 §9.1.2, ISO 9001 §4.2/§9.1): the
register of the texts that apply to the municipality (Regulation), the requirements drawn
from them article by article (Requirement), and the periodic compliance evaluations
(Evaluation, one per regulation and date, with one EvaluationResult per requirement).

A regulation is evaluated every `evaluation_cycle_months` (6 by default): recording an
evaluation (compliance.services.evaluation_record) sets its last evaluation date and the
date the next one is due. A non-compliant or partly compliant requirement gets a
"compliance" action in the one action plan, attached to the requirement."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Evaluations due within this many days are announced to their owners.
DUE_SOON_DAYS = 30


class Topic(models.Model):
    """A topic of the register (environment, water, waste, food hygiene, public
    buildings…), kept in the back office."""

    name = models.CharField(
        _("name"), max_length=120, unique=True,
        error_messages={"unique": _("A topic with this name already exists.")},
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regulatory topic")
        verbose_name_plural = _("regulatory topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegulationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def evaluated(self):
        """The active texts that call for evaluations: applicable or partly applicable."""
        return self.active().exclude(applicability=Regulation.Applicability.NOT_APPLICABLE)

    def due(self, on: datetime.date | None = None, days: int = DUE_SOON_DAYS):
        """Texts whose evaluation is due within `days` days, late, or never done."""
        on = on or timezone.localdate()
        return self.evaluated().filter(
            Q(next_evaluation_due__isnull=True)
            | Q(next_evaluation_due__lte=on + datetime.timedelta(days=days))
        )

    def late(self, on: datetime.date | None = None):
        """Texts whose next evaluation date has passed."""
        return self.evaluated().filter(next_evaluation_due__lt=on or timezone.localdate())

    def for_services(self, service_ids):
        return self.filter(services__in=list(service_ids)).distinct()


class Regulation(models.Model):
    """A text of the register (loi, décret, arrêté, règlement UE, norme…)."""

    class Kind(models.TextChoices):
        LAW = "law", _("Law (loi)")
        DECREE = "decree", _("Decree (décret)")
        ORDER = "order", _("Order (arrêté)")
        ORDINANCE = "ordinance", _("Ordinance (ordonnance)")
        EU_DIRECTIVE = "eu_directive", _("EU directive")
        EU_REGULATION = "eu_regulation", _("EU regulation")
        CODE_ARTICLE = "code_article", _("Code article")
        STANDARD = "standard", _("Standard (norme)")
        DELIBERATION = "deliberation", _("Deliberation (délibération)")
        OTHER = "other", _("Other")

    class Nature(models.TextChoices):
        LEGAL = "legal", _("Legal obligation")
        VOLUNTARY = "voluntary", _("Voluntary commitment")

    class Applicability(models.TextChoices):
        APPLICABLE = "applicable", _("Applicable")
        PARTLY = "partly", _("Partly applicable")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    kind = models.CharField(_("type of text"), max_length=20, choices=Kind.choices)
    number = models.CharField(
        _("number"), max_length=80, blank=True,
        help_text=_("E.g. 2015-1234, 852/2004, L. 2224-8."),
    )
    published_on = models.DateField(_("date of the text"), null=True, blank=True)
    url = models.URLField(
        _("Légifrance link"), max_length=500, blank=True,
        help_text=_("The consolidated text on Légifrance or EUR-Lex."),
    )
    title = models.CharField(_("title"), max_length=500)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="regulations"
    )
    in_force_on = models.DateField(_("in force on"), null=True, blank=True)
    nature = models.CharField(
        _("legal or voluntary"), max_length=20, choices=Nature.choices, default=Nature.LEGAL
    )
    summary = models.TextField(_("summary"), blank=True)
    applicability = models.CharField(
        _("applicability"), max_length=20, choices=Applicability.choices,
        default=Applicability.APPLICABLE,
    )
    applicability_reason = models.TextField(
        _("reason for the applicability"), blank=True,
        help_text=_("Required when the text is only partly applicable or not applicable."),
    )
    services = models.ManyToManyField(
        "qms.Service", verbose_name=_("services concerned"), blank=True,
        related_name="regulations",
    )
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("processes concerned"), blank=True,
        related_name="regulations",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_regulations",
        help_text=_("Keeps the text up to date and has it evaluated."),
    )
    evaluation_cycle_months = models.PositiveSmallIntegerField(
        _("evaluation cycle (months)"), default=6,
        validators=[MinValueValidator(1, message=_("Choose a cycle of 1 to 60 months.")),
                    MaxValueValidator(60, message=_("Choose a cycle of 1 to 60 months."))],
    )
    last_evaluated_on = models.DateField(_("last evaluated on"), null=True, blank=True)
    next_evaluation_due = models.DateField(_("next evaluation due"), null=True, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Untick to archive a repealed text: it stays in the register's history."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[services, processes])
    objects = RegulationQuerySet.as_manager()

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["topic__name", "title"]

    def __str__(self):
        return self.reference or self.title

    def get_absolute_url(self):
        return reverse("compliance:regulation", args=[self.pk])

    @property
    def reference(self) -> str:
        """"Arrêté 2015-… du 21/07/2015"."""
        parts = [str(self.get_kind_display()).split(" (")[0]]
        if self.number:
            parts.append(self.number)
        if self.published_on:
            parts.append(self.published_on.strftime("%d/%m/%Y"))
        return " ".join(parts)

    @property
    def is_late(self) -> bool:
        return bool(
            self.is_active
            and self.applicability != self.Applicability.NOT_APPLICABLE
            and self.next_evaluation_due
            and self.next_evaluation_due < timezone.localdate()
        )

    def clean(self):
        errors = {}
        if (self.applicability != self.Applicability.APPLICABLE
                and not (self.applicability_reason or "").strip()):
            errors["applicability_reason"] = _(
                "Give the reason why the text is only partly applicable or not applicable."
            )
        if self.in_force_on and self.published_on and self.in_force_on < self.published_on:
            errors["in_force_on"] = _("A text cannot come into force before its date.")
        if errors:
            raise ValidationError(errors)


class Requirement(models.Model):
    """A requirement of a text, article by article."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT,
        related_name="requirements",
    )
    article = models.CharField(_("article"), max_length=80, help_text=_("E.g. art. 7, § 2."))
    text = models.TextField(_("requirement"))
    services = models.ManyToManyField(
        "qms.Service", verbose_name=_("services concerned"), blank=True,
        related_name="regulatory_requirements",
        help_text=_("Left empty, the services concerned by the text."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["regulation_id", "order", "pk"]

    def __str__(self):
        return f"{self.regulation} — {self.article}"

    def get_absolute_url(self):
        return reverse("compliance:regulation", args=[self.regulation_id]) + f"#req-{self.pk}"


class Evaluation(models.Model):
    """A compliance evaluation of a text on a date, one result per requirement."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluated_on = models.DateField(_("evaluated on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT,
        related_name="compliance_evaluations",
    )
    comment = models.TextField(_("overall comment"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance evaluation")
        verbose_name_plural = _("compliance evaluations")
        ordering = ["-evaluated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "evaluated_on"], name="compliance_one_evaluation_a_day",
                violation_error_message=_("This text already has an evaluation on this date."),
            ),
        ]

    def __str__(self):
        return _("Evaluation of %(regulation)s on %(date)s") % {
            "regulation": self.regulation, "date": self.evaluated_on.strftime("%d/%m/%Y"),
        }


class Status(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    PARTLY = "partly", _("Partly compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class EvaluationResult(models.Model):
    """The status of one requirement at an evaluation, with its evidence."""

    Status = Status
    #: Statuses that call for a compliance action.
    FAILING = (Status.PARTLY, Status.NOT_COMPLIANT)

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT,
        related_name="results",
    )
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("requirement"), on_delete=models.PROTECT,
        related_name="results",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    evidence = models.TextField(
        _("evidence or justification"), blank=True,
        help_text=_("What was checked (document, record, visit); the justification when "
                    "not applicable."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["evaluation_id", "requirement__order", "requirement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "requirement"], name="compliance_one_result_per_requirement",
                violation_error_message=_("This requirement is already evaluated here."),
            ),
        ]

    def __str__(self):
        return f"{self.requirement} — {self.get_status_display()}"

    @property
    def evaluated_on(self):
        return self.evaluation.evaluated_on

    @property
    def assessor(self):
        return self.evaluation.assessor

    def clean(self):
        if not (self.evidence or "").strip():
            if self.status == Status.NOT_APPLICABLE:
                raise ValidationError({"evidence": _(
                    "Justify why the requirement is not applicable."
                )})
            if self.status:
                raise ValidationError({"evidence": _(
                    "Give the evidence of the evaluation (document, record, visit)."
                )})
