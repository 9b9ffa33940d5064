"""Audit criteria: the standards and labels a municipality is audited against (ISO 9001,
ISO 14001, Qualivilles, Services Publics+, its own procedures), their clauses or
commitments with guidance and checklist questions, and reusable checklist templates.

Shipped as data (migration 0002) and edited by the quality engineer in the back office.
The Standard model is shared reference data: the compliance matrix (clause → evidence)
reuses it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Standard(models.Model):
    """A standard, label or internal reference that audits check against."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard (ISO)")
        LABEL = "label", _("Label or service commitment")
        INTERNAL = "internal", _("Internal procedure")

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        error_messages={"unique": _("A standard with this code already exists.")},
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.STANDARD)
    version = models.CharField(_("version"), max_length=40, blank=True,
                               help_text=_("E.g. « 2015 + A1:2024 »."))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard or label")
        verbose_name_plural = _("standards and labels")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, standard__is_active=True)


class Criterion(models.Model):
    """A clause of a standard or a commitment of a label (e.g. ISO 9001 « 7.5.3 »,
    Qualivilles « Engagement 4 »), with its questions for the audit checklist."""

    standard = models.ForeignKey(Standard, verbose_name=_("standard or label"),
                                 on_delete=models.PROTECT, related_name="criteria")
    reference = models.CharField(
        _("clause or commitment"), max_length=40,
        help_text=_("E.g. « 7.5.3 » or « Engagement 4 »."),
    )
    title = models.CharField(_("title"), max_length=255)
    guidance = models.TextField(_("guidance"), blank=True,
                                help_text=_("What the auditor looks for."))
    questions = models.TextField(
        _("checklist questions"), blank=True,
        help_text=_("One question per line; they become the audit checklist."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit criterion")
        verbose_name_plural = _("audit criteria")
        ordering = ["standard__name", "order", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "reference"], name="criterion_unique_reference",
                violation_error_message=_("This clause is already in the standard."),
            ),
        ]

    def __str__(self):
        return f"{self.standard.name} § {self.reference} — {self.title}"

    @property
    def label(self) -> str:
        return f"{self.standard.name} § {self.reference}"

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class ChecklistTemplate(models.Model):
    """A reusable checklist: chosen clauses (with their questions) plus extra questions."""

    name = models.CharField(_("name"), max_length=200, unique=True,
                            error_messages={"unique": _("A checklist with this name already "
                                                        "exists.")})
    description = models.TextField(_("description"), blank=True)
    criteria = models.ManyToManyField(Criterion, verbose_name=_("clauses"), blank=True,
                                      related_name="checklist_templates")
    extra_questions = models.TextField(
        _("extra questions"), blank=True,
        help_text=_("One question per line, asked in addition to the clauses' questions."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[criteria])

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def extra_question_list(self) -> list[str]:
        return [line.strip() for line in self.extra_questions.splitlines() if line.strip()]

    def clean(self):
        if not self.name.strip():
            raise ValidationError({"name": _("Give the checklist a name.")})
