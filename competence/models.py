"""Competence (ISO 9001 §7.2) and awareness (§7.3): the competences the municipality
expects, the job roles and what each requires, who holds which role, the trainings the
agents follow (with the evaluation of their effectiveness) and the assessments of their
levels. The awareness evidence itself is the documents' read acknowledgements
(documents.Acknowledgement), read here, never copied."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: A training's effectiveness is due this many months after it ended.
EVALUATION_DELAY_MONTHS = 3
CERTIFICATE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]


class Level(models.IntegerChoices):
    NOTIONS = 1, _("1 — Notions")
    WITH_HELP = 2, _("2 — Applies with help")
    AUTONOMOUS = 3, _("3 — Autonomous")
    EXPERT = 4, _("4 — Expert")


class Competence(models.Model):
    """A competence the municipality expects of some of its agents."""

    class Category(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        REGULATORY = "regulatory", _("Regulatory")
        RELATIONAL = "relational", _("Relational")
        SAFETY = "safety", _("Health and safety")
        MANAGEMENT = "management", _("Management")

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                default=Category.TECHNICAL)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


class JobRoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class JobRole(models.Model):
    """A job role (fonction): municipality-wide (no service, e.g. "Agent d'accueil") or
    specific to a service, with the competences it requires."""

    title = models.CharField(_("title"), max_length=200)
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="job_roles",
        help_text=_("Leave empty for a role found in every service."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = JobRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["title"]

    def __str__(self):
        if self.service_id:
            return f"{self.title} ({self.service})"
        return self.title


class RoleRequirement(models.Model):
    """A competence a role requires, at a level."""

    role = models.ForeignKey(JobRole, verbose_name=_("job role"), on_delete=models.CASCADE,
                             related_name="requirements")
    competence = models.ForeignKey(Competence, verbose_name=_("competence"),
                                   on_delete=models.PROTECT, related_name="requirements")
    level = models.PositiveSmallIntegerField(_("required level"), choices=Level.choices,
                                             default=Level.AUTONOMOUS)
    is_mandatory = models.BooleanField(
        _("mandatory"), default=True,
        help_text=_("Untick for a desirable competence (not counted as a gap)."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required competence")
        verbose_name_plural = _("required competences")
        ordering = ["role", "competence"]
        constraints = [models.UniqueConstraint(fields=["role", "competence"],
                                               name="unique_role_requirement")]

    def __str__(self):
        return f"{self.role.title} — {self.competence} ({self.level})"


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today,
                           role__is_active=True)


class RoleAssignment(models.Model):
    """An agent holds a role from a date (until a date, when it ended)."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"),
                              on_delete=models.PROTECT, related_name="role_assignments")
    role = models.ForeignKey(JobRole, verbose_name=_("job role"), on_delete=models.PROTECT,
                             related_name="assignments")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["agent", "-since"]

    def __str__(self):
        return f"{self.agent} — {self.role.title}"

    def clean(self):
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("A role cannot end before it starts.")})


class TrainingQuerySet(models.QuerySet):
    def evaluation_overdue(self, today: datetime.date | None = None):
        """Trainings done more than EVALUATION_DELAY_MONTHS months ago whose
        effectiveness is still to be evaluated."""
        today = today or timezone.localdate()
        cutoff = today - relativedelta(months=EVALUATION_DELAY_MONTHS)
        return self.filter(
            Q(end_date__isnull=True, date__lte=cutoff) | Q(end_date__lte=cutoff),
            status=Training.Status.DONE, effectiveness_result=Training.Result.PENDING,
        )


class Training(models.Model):
    """A training an agent follows (or followed), and the evaluation of its
    effectiveness."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Organiser(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        CNFPT = "cnfpt", _("CNFPT")
        OTHER = "other", _("Other organisation")

    class Result(models.TextChoices):
        PENDING = "pending", _("To be evaluated")
        EFFECTIVE = "effective", _("Effective")
        PARTLY = "partly", _("Partly effective")
        NOT_EFFECTIVE = "not_effective", _("Not effective")

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"),
                              on_delete=models.PROTECT, related_name="trainings")
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                help_text=_("For a training over several days."))
    organiser_kind = models.CharField(_("organiser"), max_length=20,
                                      choices=Organiser.choices, default=Organiser.INTERNAL)
    organiser = models.CharField(_("organisation"), max_length=200, blank=True,
                                 help_text=_("The trainer or the organisation."))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    certificate = models.FileField(
        _("certificate"), upload_to="competence/certificates/%Y/", blank=True,
        validators=[FileExtensionValidator(CERTIFICATE_EXTENSIONS)],
        help_text=_("PDF or image (PNG, JPEG)."),
    )
    competences = models.ManyToManyField(Competence, verbose_name=_("competences covered"),
                                         blank=True, related_name="trainings")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    effectiveness_result = models.CharField(_("effectiveness"), max_length=20,
                                            choices=Result.choices, default=Result.PENDING)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    effectiveness_comment = models.TextField(_("evaluation comment"), blank=True)

    history = HistoricalRecords(m2m_fields=[competences])
    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["status", "effectiveness_result"])]

    def __str__(self):
        return f"{self.title} — {self.agent} ({self.date:%d/%m/%Y})"

    @property
    def ends_on(self) -> datetime.date:
        return self.end_date or self.date

    @property
    def evaluation_due(self) -> datetime.date:
        return self.ends_on + relativedelta(months=EVALUATION_DELAY_MONTHS)

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        if self.hours is not None and self.hours <= 0:
            errors.setdefault("hours", []).append(
                _("The number of hours must be greater than zero."))
        if self.date and self.end_date and self.end_date < self.date:
            errors.setdefault("end_date", []).append(
                _("The training cannot end before it starts."))
        if (self.status == self.Status.DONE and self.date
                and self.date > timezone.localdate()):
            errors.setdefault("status", []).append(
                _("A training that has not started yet cannot be marked as done."))
        if self.effectiveness_result != self.Result.PENDING:
            if self.status != self.Status.DONE:
                errors.setdefault("effectiveness_result", []).append(
                    _("Only a training that took place can have its effectiveness "
                      "evaluated."))
            if not (self.effectiveness_comment or "").strip():
                errors.setdefault("effectiveness_comment", []).append(
                    _("Explain the effectiveness evaluation in a comment."))
            if not self.evaluated_on:
                errors.setdefault("evaluated_on", []).append(
                    _("Give the date of the effectiveness evaluation."))
        if self.evaluated_on and self.date and self.evaluated_on < self.ends_on:
            errors.setdefault("evaluated_on", []).append(
                _("The effectiveness cannot be evaluated before the end of the training."))
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            errors.setdefault("evaluated_on", []).append(
                _("An evaluation cannot be dated in the future."))
        if errors:
            raise ValidationError(errors)


class CompetenceAssessment(models.Model):
    """An agent's level in a competence, as assessed on a date (the last one counts)."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"),
                              on_delete=models.PROTECT, related_name="competence_assessments")
    competence = models.ForeignKey(Competence, verbose_name=_("competence"),
                                   on_delete=models.PROTECT, related_name="assessments")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence assessment")
        verbose_name_plural = _("competence assessments")
        ordering = ["agent", "competence", "-assessed_on", "-pk"]

    def __str__(self):
        return f"{self.agent} — {self.competence}: {self.level}"

    def clean(self):
        super().clean()
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("An assessment cannot be dated in the "
                                                    "future.")})
