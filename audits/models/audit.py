"""An audit (ISO 19011 §6): type, audited services and processes, criteria, lead auditor
and team, dates and places, plan, checklist, status, report. Independence — nobody
audits their own service — is checked by `independence_errors`, called by the services
and the back office form."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def independence_errors(*, services, auditors) -> list[str]:
    """One message per auditor who belongs to an audited service (or to a service below
    an audited direction): « X cannot audit Y: it is their own service. »"""
    from qms.models import Service

    services = list(services)
    if not services:
        return []
    covered = {}
    for service in services:
        for sub in Service.objects.filter(pk=service.pk).with_descendants():
            covered.setdefault(sub.pk, service)
    messages = []
    for auditor in auditors:
        if auditor is None:
            continue
        user = auditor.user if auditor.user_id else None
        if user is not None and user.service_id in covered:
            messages.append(_g(
                "%(auditor)s cannot audit %(service)s: it is their own service "
                "(auditors must be independent of the activity audited)."
            ) % {"auditor": auditor.display_name, "service": covered[user.service_id]})
    return messages


class AuditQuerySet(models.QuerySet):
    def held(self):
        return self.filter(status__in=Audit.HELD_STATUSES)

    def not_cancelled(self):
        return self.exclude(status=Audit.Status.CANCELLED)


class Audit(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal audit")
        EXTERNAL = "external", _("External audit")
        CERTIFICATION = "certification", _("Certification audit")
        SUPPLIER = "supplier", _("Supplier audit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PREPARATION = "preparation", _("In preparation")
        IN_PROGRESS = "in_progress", _("In progress")
        REPORTED = "reported", _("Report written")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class CriteriaMet(models.TextChoices):
        FULLY = "fully", _("Criteria fully met")
        LARGELY = "largely", _("Criteria largely met")
        PARTLY = "partly", _("Criteria partly met")
        NOT_MET = "not_met", _("Criteria not met")

    class ReportState(models.TextChoices):
        NONE = "", _("Not generated")
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Generation failed")

    HELD_STATUSES = (Status.REPORTED, Status.CLOSED)
    #: The statuses in which the audit's findings and checklist may still change.
    WORKING_STATUSES = (Status.PLANNED, Status.PREPARATION, Status.IN_PROGRESS,
                        Status.REPORTED)

    programme = models.ForeignKey("audits.AuditProgramme", verbose_name=_("programme"),
                                  on_delete=models.PROTECT, related_name="audits")
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices,
                            default=Kind.INTERNAL)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    services = models.ManyToManyField("qms.Service", verbose_name=_("audited services"),
                                      related_name="audits")
    processes = models.ManyToManyField("processes.Process", verbose_name=_("audited processes"),
                                       blank=True, related_name="audits")
    criteria = models.ManyToManyField("audits.Criterion", verbose_name=_("criteria"),
                                      blank=True, related_name="audits")
    auditee = models.CharField(_("auditee / supplier"), max_length=255, blank=True,
                               help_text=_("For a supplier audit, the supplier audited."))
    lead_auditor = models.ForeignKey("audits.Auditor", verbose_name=_("lead auditor"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="led_audits")
    team = models.ManyToManyField("audits.Auditor", verbose_name=_("audit team"), blank=True,
                                  related_name="audits")
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    places = models.CharField(_("places"), max_length=255, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    plan = models.TextField(_("audit plan"), blank=True,
                            help_text=_("Timetable, people met, documents to review."))
    held_start = models.DateField(_("held from"), null=True, blank=True)
    held_end = models.DateField(_("held until"), null=True, blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    criteria_met = models.CharField(_("degree to which criteria are met"), max_length=20,
                                    choices=CriteriaMet.choices, blank=True)
    disagreements = models.TextField(_("unresolved disagreements"), blank=True)
    not_covered = models.TextField(_("areas not covered"), blank=True)
    distribution = models.TextField(_("distribution list"), blank=True,
                                    help_text=_("One recipient per line."))
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    report_file = models.FileField(_("report (PDF)"), upload_to="audits/reports/",
                                   blank=True)
    report_state = models.CharField(_("report"), max_length=20, choices=ReportState.choices,
                                    blank=True, default=ReportState.NONE)
    report_generated_at = models.DateTimeField(_("report generated on"), null=True,
                                               blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    history = HistoricalRecords(m2m_fields=[services, processes, criteria, team])
    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["planned_start", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="audit_end_after_start",
                violation_error_message=_("An audit cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    def get_absolute_url(self):
        return reverse("audits:audit", args=[self.reference])

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.WORKING_STATUSES

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("An audit cannot end before it starts.")
        if self.held_start and self.held_end and self.held_end < self.held_start:
            errors["held_end"] = _("An audit cannot end before it starts.")
        if (self.programme_id and self.planned_start
                and self.planned_start.year != self.programme.year):
            errors["planned_start"] = _g(
                "The audit is planned in %(year)s: it belongs to that year's programme."
            ) % {"year": self.planned_start.year}
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Give the reason why the audit is cancelled.")
        if self.lead_auditor_id and not self.lead_auditor.is_active:
            errors["lead_auditor"] = _("This auditor is no longer active in the register.")
        if errors:
            raise ValidationError(errors)


class ChecklistItem(models.Model):
    class Answer(models.TextChoices):
        NOT_CHECKED = "", _("Not checked yet")
        CONFORM = "conform", _("Conform")
        NONCONFORM = "nonconform", _("Not conform")
        NOT_APPLICABLE = "na", _("Not applicable")

    audit = models.ForeignKey(Audit, verbose_name=_("audit"), on_delete=models.CASCADE,
                              related_name="checklist")
    criterion = models.ForeignKey("audits.Criterion", verbose_name=_("clause"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("question"))
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["audit", "order", "pk"]

    def __str__(self):
        return self.question[:80]

    def clean(self):
        if self.answer == self.Answer.NONCONFORM and not self.evidence.strip():
            raise ValidationError({"evidence": _("Give the evidence for an answer « not "
                                                 "conform ».")})
