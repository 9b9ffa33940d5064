"""Certifications of the municipality's services (ISO 9001, ISO 14001, Qualivilles,
Services Publics+, or any other standard registered in audits.Standard): what is certified
(services, optional site, scope), by whom, the certificate (number, file, dates), and its
history of external audits (initial certification, yearly surveillance, renewal every
three years, follow-up), each optionally attached to the audit recorded in the audits
app, with its result and the reminders already sent before it.

Writes go through certification.services; the rules a record must meet are in clean()."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Kinds of audits.Audit that may be attached to a certification audit.
ATTACHABLE_AUDIT_KINDS = ("external", "certification")


def certificate_path(instance, filename: str) -> str:
    """An unguessable name: the file is served only through the view that checks who asks
    (certification:certificate), never linked as a media URL."""
    suffix = Path(filename).suffix.lower() or ".pdf"
    return f"certification/certificates/{uuid.uuid4().hex}{suffix}"


class CertificationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def certified(self):
        return self.active().filter(status=Certification.Status.CERTIFIED)


class Certification(models.Model):
    """A standard or label held (or being prepared) by one service or a group of
    services."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        CERTIFIED = "certified", _("Certified")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    standard = models.ForeignKey("audits.Standard", verbose_name=_("standard or label"),
                                 on_delete=models.PROTECT, related_name="certifications")
    services = models.ManyToManyField("qms.Service", verbose_name=_("services covered"),
                                      related_name="certifications")
    site = models.ForeignKey("qms.Site", verbose_name=_("site"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="certifications",
                             help_text=_("When the certificate names a site (e.g. the "
                                         "wastewater plant)."))
    scope = models.TextField(_("scope statement"), blank=True,
                             help_text=_("The scope as worded on the certificate."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREPARING)
    certifying_body = models.CharField(_("certifying body"), max_length=200, blank=True,
                                       help_text=_("E.g. AFNOR Certification, Bureau "
                                                   "Veritas."))
    certificate_number = models.CharField(_("certificate number"), max_length=80,
                                          blank=True)
    certificate_file = models.FileField(
        _("certificate"), upload_to=certificate_path, blank=True,
        validators=[FileExtensionValidator(["pdf", "png", "jpg", "jpeg"])],
        help_text=_("The certificate (PDF or image), read only by the staff concerned."),
    )
    first_certified_on = models.DateField(_("first certified on"), null=True, blank=True)
    valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Untick to archive: the history stays."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[services])
    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["standard__name", "pk"]

    def __str__(self):
        names = getattr(self, "_service_names", None)
        if names is None and self.pk:
            cached = getattr(self, "_prefetched_objects_cache", {}).get("services")
            services = cached if cached is not None else self.services.all()
            names = ", ".join(s.name for s in services)
        standard = self.standard.name if self.standard_id else ""
        return f"{standard} — {names}" if names else standard

    def get_absolute_url(self):
        return reverse("certification:detail", args=[self.pk])

    @property
    def is_certified(self) -> bool:
        return self.status == self.Status.CERTIFIED

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return bool(self.valid_until and self.valid_until < (today or timezone.localdate()))

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.certificate_number.strip() and not self.certificate_file:
            add("certificate_file", _("Attach the certificate that bears this number."))
        if self.status == self.Status.CERTIFIED:
            if not self.certificate_number.strip():
                add("certificate_number", _("A certified status needs the certificate "
                                            "number."))
            if not self.certificate_file and "certificate_file" not in errors:
                add("certificate_file", _("A certified status needs the certificate "
                                          "(file)."))
            if not self.first_certified_on:
                add("first_certified_on", _("A certified status needs the date of first "
                                            "certification."))
        if (self.valid_until and self.first_certified_on
                and self.valid_until < self.first_certified_on):
            add("valid_until", _("The certificate cannot end before the first "
                                 "certification."))
        if errors:
            raise ValidationError(errors)


class CertificationAuditQuerySet(models.QuerySet):
    def live(self):
        """Not cancelled, of an active certification."""
        return self.filter(is_active=True, certification__is_active=True)

    def upcoming(self, today: datetime.date | None = None):
        """Planned, not held yet, from today on."""
        today = today or timezone.localdate()
        return self.live().filter(held_date__isnull=True, planned_date__gte=today)


class CertificationAudit(models.Model):
    """An entry of a certification's calendar: an external audit planned, then held with
    its result."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial certification audit")
        SURVEILLANCE = "surveillance", _("Surveillance audit")
        RENEWAL = "renewal", _("Renewal audit")
        SPECIAL = "special", _("Follow-up or special audit")

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Certification granted")
        MAINTAINED = "maintained", _("Certification maintained")
        RENEWED = "renewed", _("Certification renewed")
        SUSPENDED = "suspended", _("Certification suspended")
        WITHDRAWN = "withdrawn", _("Certification withdrawn")
        REFUSED = "refused", _("Certification refused")

    #: Kinds that only exist once the certification has been granted.
    AFTER_CERTIFICATION = (Kind.SURVEILLANCE, Kind.RENEWAL)

    certification = models.ForeignKey(Certification, verbose_name=_("certification"),
                                      on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices,
                            default=Kind.SURVEILLANCE)
    planned_date = models.DateField(_("planned date"))
    held_date = models.DateField(_("held on"), null=True, blank=True)
    audit = models.ForeignKey(
        "audits.Audit", verbose_name=_("audit recorded"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="certification_audits",
        help_text=_("The external or certification audit of the audit programme, with its "
                    "findings."),
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices,
                              default=Result.PENDING)
    summary = models.TextField(_("summary"), blank=True)
    reminders_sent = models.JSONField(_("reminders sent"), default=list, blank=True,
                                      editable=False,
                                      help_text=_("Days before the audit of the reminders "
                                                  "already sent."))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Untick to cancel: the history stays."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    history = HistoricalRecords()
    objects = CertificationAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification audit")
        verbose_name_plural = _("certification audits")
        ordering = ["planned_date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {date_format(self.planned_date)}" \
            if self.planned_date else self.get_kind_display()

    @property
    def is_held(self) -> bool:
        return self.held_date is not None

    @property
    def date(self) -> datetime.date:
        return self.held_date or self.planned_date

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        certification = self.certification if self.certification_id else None
        first = certification.first_certified_on if certification else None
        if first and self.kind in self.AFTER_CERTIFICATION:
            message = gettext(
                "A surveillance or renewal audit cannot take place before the first "
                "certification (%(date)s)."
            ) % {"date": date_format(first)}
            if self.planned_date and self.planned_date < first:
                add("planned_date", message)
            if self.held_date and self.held_date < first:
                add("held_date", message)
        if self.held_date and self.held_date > timezone.localdate():
            add("held_date", _("An audit cannot be recorded as held in the future."))
        if self.result != self.Result.PENDING and not self.held_date:
            add("held_date", _("Give the date the audit was held to record its result."))
        if self.audit_id and certification is not None:
            self._clean_attached_audit(certification, add)
        if errors:
            raise ValidationError(errors)

    def _clean_attached_audit(self, certification, add):
        from qms.models import Service

        audit = self.audit
        if audit.kind not in ATTACHABLE_AUDIT_KINDS:
            add("audit", gettext(
                "Attach an external or certification audit: %(audit)s is of the type "
                "« %(kind)s »."
            ) % {"audit": audit.reference, "kind": audit.get_kind_display()})
            return
        if certification.pk is None:
            return
        covered = set(Service.objects.filter(certifications=certification)
                      .with_descendants().values_list("pk", flat=True))
        audited = set(audit.services.values_list("pk", flat=True))
        if not covered & audited:
            add("audit", gettext(
                "The audit %(audit)s audits none of the services of this certification."
            ) % {"audit": audit.reference})
