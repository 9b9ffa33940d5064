"""Management reviews (revue de direction, ISO 9001 §9.3) and process reviews.

A management review covers a period. Its inputs (§9.3.2 a to f) are one ``ReviewInput``
per section, whose ``snapshot`` holds the data compiled from the other modules
(reviews/inputs.py) and the quality engineer's comment. Its outputs (§9.3.3) are
``ReviewDecision`` rows, each feeding the action plan. Once validated, a review is frozen:
the snapshots stay as they were compiled, and any change is refused (model validation,
services and back office alike). Process reviews (per process, smaller) feed the
management review's section c3."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

FROZEN_MESSAGE = _("A validated review can no longer be changed.")


class Section(models.TextChoices):
    """The inputs of a management review, ISO 9001 §9.3.2."""

    PREVIOUS_ACTIONS = "a", _("a) Status of actions from previous management reviews")
    CONTEXT = "b", _("b) Changes in external and internal issues and interested parties")
    SATISFACTION = "c1", _("c1) User satisfaction and feedback from interested parties")
    OBJECTIVES = "c2", _("c2) Extent to which quality objectives have been met")
    PROCESSES = "c3", _("c3) Process performance and conformity of services")
    NONCONFORMITIES = "c4", _("c4) Nonconformities and corrective actions")
    MONITORING = "c5", _("c5) Monitoring and measurement results")
    AUDITS = "c6", _("c6) Audit results")
    PROVIDERS = "c7", _("c7) Performance of external providers")
    RESOURCES = "d", _("d) Adequacy of resources")
    RISKS = "e", _("e) Effectiveness of actions taken to address risks and opportunities")
    IMPROVEMENT = "f", _("f) Opportunities for improvement")


#: Sections written by the quality engineer, with no data to compile.
MANUAL_SECTIONS = (Section.RESOURCES,)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PREPARATION = "preparation", _("In preparation")
    VALIDATED = "validated", _("Validated")


class _Frozen(models.Model):
    """A review that is frozen once validated: its stored status says so."""

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("validated by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_validated(self) -> bool:
        return self.status == Status.VALIDATED

    def stored_is_validated(self) -> bool:
        """Whether the row as saved is validated (whatever this instance now says)."""
        if not self.pk:
            return False
        return type(self)._default_manager.filter(pk=self.pk, status=Status.VALIDATED).exists()

    def clean(self):
        super().clean()
        if self.stored_is_validated():
            raise ValidationError(FROZEN_MESSAGE)
        period_start, period_end = self.period_start, self.period_end
        if period_start and period_end and period_end < period_start:
            raise ValidationError({"period_end": _("The end of the period cannot come before "
                                                   "its start.")})
        if self.held_on and self.held_on > timezone.localdate() and self.is_validated:
            raise ValidationError({"held_on": _("A review cannot be validated before it is "
                                                "held.")})


class CompileState(models.TextChoices):
    IDLE = "idle", _("Idle")
    RUNNING = "running", _("Compiling")
    FAILED = "failed", _("Failed")


class ManagementReview(_Frozen):
    title = models.CharField(_("title"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True,
        related_name="management_reviews",
    )
    external_participants = models.TextField(
        _("other participants"), blank=True,
        help_text=_("Participants without an account (elected officials, partners), one a "
                    "line."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    compiled_at = models.DateTimeField(_("inputs compiled on"), null=True, blank=True)
    # The compilation runs in the background, section by section (reviews.tasks); the
    # page shows its progress. Not kept in the history: the sections' snapshots are.
    compile_state = models.CharField(_("compilation"), max_length=10,
                                     choices=CompileState.choices, default=CompileState.IDLE,
                                     editable=False)
    compile_done = models.PositiveSmallIntegerField(_("sections compiled"), default=0,
                                                    editable=False)
    compile_started_at = models.DateTimeField(_("compilation started on"), null=True,
                                              blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords(
        m2m_fields=[participants],
        excluded_fields=["compile_state", "compile_done", "compile_started_at"],
    )

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-period_end", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:detail", args=[self.pk])

    @property
    def compile_total(self) -> int:
        return len(Section.values)

    @property
    def is_compiling(self) -> bool:
        return self.compile_state == CompileState.RUNNING

    def external_participant_list(self) -> list[str]:
        return [line.strip() for line in self.external_participants.splitlines() if line.strip()]


class ReviewInput(models.Model):
    """One §9.3.2 section of a review: the data compiled for the period (frozen at
    validation) and the quality engineer's comment."""

    review = models.ForeignKey(
        ManagementReview, verbose_name=_("management review"), on_delete=models.CASCADE,
        related_name="inputs",
    )
    section = models.CharField(_("section"), max_length=4, choices=Section.choices)
    snapshot = models.JSONField(_("compiled data"), default=dict, blank=True, editable=False)
    compiled_at = models.DateTimeField(_("compiled on"), null=True, blank=True,
                                       editable=False)
    comment = models.TextField(_("quality engineer's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review input")
        verbose_name_plural = _("review inputs")
        ordering = ["review", "section"]
        constraints = [
            models.UniqueConstraint(fields=["review", "section"], name="review_input_unique",
                                    violation_error_message=_(
                                        "This review already has this section.")),
        ]

    def __str__(self):
        return str(self.get_section_display())

    @property
    def order(self) -> int:
        return list(Section.values).index(self.section)

    def clean(self):
        if self.review_id and self.review.stored_is_validated():
            raise ValidationError(FROZEN_MESSAGE)


class ProcessReview(_Frozen):
    """Revue de processus: the pilot and the quality engineer look back on one process for
    a period (its indicators, risks and actions) and decide; the management review's
    section c3 lists the process reviews of its period."""

    process = models.ForeignKey(
        "processes.Process", verbose_name=_("process"), on_delete=models.PROTECT,
        related_name="process_reviews",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True,
        related_name="process_reviews",
    )
    snapshot = models.JSONField(_("compiled data"), default=dict, blank=True, editable=False)
    compiled_at = models.DateTimeField(_("inputs compiled on"), null=True, blank=True,
                                       editable=False)
    comment = models.TextField(_("analysis"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("process review")
        verbose_name_plural = _("process reviews")
        ordering = ["-period_end", "process__code"]

    def __str__(self):
        return _("Review of %(process)s, %(start)s – %(end)s") % {
            "process": self.process.code if self.process_id else "?",
            "start": self.period_start.strftime("%d/%m/%Y") if self.period_start else "",
            "end": self.period_end.strftime("%d/%m/%Y") if self.period_end else "",
        }

    def get_absolute_url(self):
        return reverse("reviews:process_review", args=[self.pk])


class ReviewDecision(models.Model):
    """An output of a review (§9.3.3): an improvement opportunity, a change to the QMS or
    a resource need, carried out through the action plan."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Improvement opportunity")
        QMS_CHANGE = "qms_change", _("Change to the quality management system")
        RESOURCES = "resources", _("Resource need")

    review = models.ForeignKey(
        ManagementReview, verbose_name=_("management review"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="decisions",
    )
    process_review = models.ForeignKey(
        ProcessReview, verbose_name=_("process review"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
        related_name="review_decisions",
    )
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), on_delete=models.PROTECT,
        related_name="review_decisions",
    )
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(review__isnull=False, process_review__isnull=True)
                           | Q(review__isnull=True, process_review__isnull=False)),
                name="review_decision_one_review",
                violation_error_message=_("A decision belongs to one review."),
            ),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    @property
    def parent(self):
        return self.review if self.review_id else self.process_review

    def clean(self):
        if bool(self.review_id) == bool(self.process_review_id):
            raise ValidationError(_("A decision belongs to one review."))
        parent = self.parent
        if parent is not None and parent.stored_is_validated():
            raise ValidationError(FROZEN_MESSAGE)
        if self.pk:
            stored = type(self)._default_manager.filter(pk=self.pk).select_related(
                "review", "process_review").first()
            if stored and stored.parent is not None and stored.parent.stored_is_validated():
                raise ValidationError(FROZEN_MESSAGE)
