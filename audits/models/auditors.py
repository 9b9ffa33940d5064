"""The auditor register (ISO 19011 §7): who may audit, internal or external, with their
qualifications. Independence (nobody audits their own service) is checked on each audit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AuditorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Auditor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="auditor_profile",
        help_text=_("For an agent of the municipality."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True,
                            help_text=_("For an external auditor without an account."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_internal = models.BooleanField(_("internal auditor"), default=True)
    is_lead_auditor = models.BooleanField(_("qualified lead auditor"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = AuditorQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.name

    @property
    def service(self):
        """The auditor's service (internal auditors with an account), for independence."""
        return self.user.service if self.user_id else None

    def clean(self):
        if not self.user_id and not self.name.strip():
            raise ValidationError({"name": _("Choose a user or give the external auditor's "
                                             "name.")})
        if self.is_internal and not self.user_id:
            raise ValidationError({"user": _("An internal auditor is an agent of the "
                                             "municipality: choose their user account.")})
        if self.user_id and not self.name.strip():
            self.name = str(self.user)[:200]


class AuditorQualification(models.Model):
    class Kind(models.TextChoices):
        ISO_19011 = "iso19011", _("ISO 19011 auditor training")
        LEAD_AUDITOR = "lead", _("Lead auditor")
        STANDARD = "standard", _("Training on a standard")
        OTHER = "other", _("Other")

    auditor = models.ForeignKey(Auditor, verbose_name=_("auditor"), on_delete=models.CASCADE,
                                related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    standard = models.ForeignKey("audits.Standard", verbose_name=_("standard or label"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    obtained_on = models.DateField(_("obtained on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True,
                                   help_text=_("Course, organisation, certificate number."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auditor qualification")
        verbose_name_plural = _("auditor qualifications")
        ordering = ["auditor", "-obtained_on"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.obtained_on:%d/%m/%Y})"

    def clean(self):
        if self.expires_on and self.obtained_on and self.expires_on < self.obtained_on:
            raise ValidationError({"expires_on": _("A qualification cannot expire before it "
                                                   "is obtained.")})
        if self.kind == self.Kind.STANDARD and not self.standard_id:
            raise ValidationError({"standard": _("Choose the standard of the training.")})
