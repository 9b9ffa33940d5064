"""Records kept about controlled documents: published versions and read acknowledgements."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DocumentVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class DocumentVersion(models.Model):
    """One approved version of a document: the immutable Wagtail revision that was
    published, with its number and who wrote, verified and approved it."""

    page = models.ForeignKey(
        "documents.ControlledDocumentPage",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="document_version",
    )
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(_("reference"), max_length=40)
    change_summary = models.TextField(_("change summary"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approval date"))
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return _("%(reference)s version %(number)s") % {
            "reference": self.reference,
            "number": self.number,
        }


class AcknowledgementQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(acknowledged_at__isnull=True)

    def done(self):
        return self.filter(acknowledged_at__isnull=False)

    def current(self):
        """Requests about the version in force of a live document."""
        return self.filter(
            version__page__live=True, version__number=models.F("version__page__version")
        )


class Acknowledgement(models.Model):
    """'J'ai lu et compris': an agent's read acknowledgement of one document version
    (awareness evidence, ISO 9001 §7.3). Created as a request when the version is
    published; acknowledged_at is set when the agent confirms."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    service = models.ForeignKey(
        "qms.Service",
        verbose_name=_("service"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agent's service when the acknowledgement was requested."),
    )
    requested_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("read acknowledgement")
        verbose_name_plural = _("read acknowledgements")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="unique_acknowledgement")
        ]
        indexes = [models.Index(fields=["user", "acknowledged_at"])]

    def __str__(self):
        return f"{self.version} — {self.user}"
