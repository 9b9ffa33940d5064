"""The intranet and its controlled documents (ISO 9001 §7.5), as Wagtail pages."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from documents.blocks import DocumentBodyBlock
from documents.forms import ControlledDocumentForm
from documents.panels import ApprovalNoticePanel

REFERENCE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
    _("Use capital letters, digits and dashes, e.g. PRO-ACC-004."),
)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    OBSOLETE = "obsolete", _("Obsolete")


class IntranetHomePage(Page):
    """The intranet's home: what the person has to read, and the ways into the library."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["documents.LibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("intranet home")

    def get_context(self, request, *args, **kwargs):
        from documents import selectors
        from qms import todo

        context = super().get_context(request, *args, **kwargs)
        pending = list(selectors.pending_acknowledgements(request.user)[:todo.LIMIT])
        context["pending_acknowledgements"] = pending
        # The rest of the to-do list, summed up: the acknowledgements are listed above.
        tasks = todo.items_for(request.user, exclude={"documents.todo.acknowledgements"})
        context["todo_count"] = len(tasks) + len(pending)
        context["todo_overdue_count"] = sum(1 for task in tasks if task.is_overdue)
        context["todo_first"] = tasks[:5]
        context["libraries"] = list(self.get_children().live().type(LibraryPage).specific())
        context["families"] = ProcessSheetPage.Family.choices
        context["recent_versions"] = selectors.recent_versions(limit=8)
        return context


class LibraryPage(Page):
    """The document library: browse by process family and process, by service, by type."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["documents.IntranetHomePage"]
    subpage_types = [
        "documents.ProcessSheetPage",
        "documents.ProcedurePage",
        "documents.InstructionPage",
        "documents.FormTemplatePage",
        "documents.GovernanceRulePage",
        "documents.QualityPolicyPage",
        "documents.QmsScopePage",
    ]

    class Meta:
        verbose_name = _("document library")

    def get_context(self, request, *args, **kwargs):
        from documents import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.library_listing(self, request.GET))
        return context


class ControlledDocumentPage(RoutablePageMixin, Page):
    """What every controlled document carries (ISO 9001 §7.5.2 and §7.5.3).

    Not created directly: a document is a process sheet, a procedure, an instruction,
    a form or a governance rule. One table holds the shared metadata so that references
    are unique across every type and lists of documents take one query.
    """

    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        validators=[REFERENCE_VALIDATOR],
        help_text=_("Unique code of the document, e.g. PRO-ACC-004."),
        error_messages={"unique": _("A document with this reference already exists.")},
    )
    summary = models.TextField(
        _("purpose"), blank=True, help_text=_("What the document is for, in one or two sentences.")
    )
    body = StreamField(DocumentBodyBlock(), verbose_name=_("content"), blank=True)
    owner_service = models.ForeignKey(
        "qms.Service",
        verbose_name=_("owner service"),
        on_delete=models.PROTECT,
        related_name="owned_documents",
    )
    applies_to_services = ParentalManyToManyField(
        "qms.Service",
        verbose_name=_("services it applies to"),
        blank=True,
        related_name="applicable_documents",
        help_text=_("Their agents are asked to acknowledge each new version."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_documents",
    )
    change_summary = models.TextField(
        _("change summary"),
        help_text=_("What changes in this version, and why. Required for every new version."),
    )
    review_period_months = models.PositiveSmallIntegerField(
        _("review period (months)"),
        default=24,
        validators=[MinValueValidator(1, _("The review period must be at least one month."))],
    )
    # Set when a version is approved and published (documents.services), never typed in.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="approved_documents",
    )
    approved_at = models.DateTimeField(_("approval date"), null=True, blank=True, editable=False)
    next_review_date = models.DateField(
        _("next review date"), null=True, blank=True, editable=False, db_index=True
    )

    base_form_class = ControlledDocumentForm
    is_creatable = False
    document_type_code = "DOC"

    metadata_panels = [
        ApprovalNoticePanel(),
        FieldRowPanel([FieldPanel("reference"), FieldPanel("review_period_months")]),
        FieldRowPanel([FieldPanel("owner_service"), FieldPanel("author")]),
        FieldPanel("applies_to_services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("change_summary"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(metadata_panels, heading=_("Document control")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("reference", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("reference"),
        index.FilterField("owner_service"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("controlled document")
        verbose_name_plural = _("controlled documents")
        permissions = [
            ("view_followup", _("Can view acknowledgement and review follow-up")),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    # --- state ---------------------------------------------------------------------
    @property
    def status(self) -> str:
        if self.live:
            return DocumentStatus.PUBLISHED
        if self.version:  # was published, then withdrawn or expired
            return DocumentStatus.OBSOLETE
        if self.workflow_in_progress:
            return DocumentStatus.IN_REVIEW
        return DocumentStatus.DRAFT

    def get_status_display(self):
        return DocumentStatus(self.status).label

    @property
    def review_state(self) -> str:
        """'overdue', 'due_soon' or 'ok' for the periodic review."""
        if not self.next_review_date:
            return "ok"
        today = date.today()
        if self.next_review_date < today:
            return "overdue"
        if self.next_review_date <= today + relativedelta(days=settings.QMS_REVIEW_DUE_SOON_DAYS):
            return "due_soon"
        return "ok"

    def compute_next_review_date(self, from_date: date) -> date:
        return from_date + relativedelta(months=self.review_period_months)

    @cached_property
    def type_label(self):
        return self.specific_class._meta.verbose_name

    def permissions_for_user(self, user):
        from documents.permissions import DocumentPermissionTester

        return DocumentPermissionTester(user, self)

    # --- routes: versions, PDF, acknowledgement -----------------------------------
    @path("")
    def current(self, request):
        return self.render(request)

    @path("version/<int:number>/")
    def version_view(self, request, number):
        from documents import views

        return views.document_version(request, self, number)

    @path("pdf/")
    def pdf(self, request):
        from documents import views

        return views.document_pdf(request, self)

    @path("version/<int:number>/pdf/")
    def version_pdf(self, request, number):
        from documents import views

        return views.document_pdf(request, self, number=number)

    @path("acknowledge/")
    def acknowledge(self, request):
        from documents import views

        return views.acknowledge(request, self)

    def get_context(self, request, *args, **kwargs):
        from documents import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.document_context(self, request.user))
        return context

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.render(request)

    def render_obsolete(self, request, version):
        """Serve a replaced version of this document, marked obsolete."""
        if version.number == self.version and self.live:
            return redirect(self.url)
        old = version.revision.as_object()
        context = old.get_context(request)
        context.update({"page": old, "self": old, "obsolete_version": version, "current": self})
        return self.render(request, context_overrides=context)

    def serve_password_required_response(self, request, form, action_url):  # pragma: no cover
        raise Http404


class ProcessSheetPage(ControlledDocumentPage):
    """Fiche d'identité processus (ISO 9001 §4.4)."""

    class Family(models.TextChoices):
        MANAGEMENT = "management", _("Management processes")
        REALISATION = "realisation", _("Realisation processes")
        SUPPORT = "support", _("Support processes")

    family = models.CharField(_("process family"), max_length=20, choices=Family.choices)
    pilot = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("process pilot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="piloted_process_sheets",
    )
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    inputs = models.TextField(_("inputs (and their suppliers)"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    outputs = models.TextField(_("outputs (and their recipients)"), blank=True)
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, equipment, budget, IT applications.")
    )
    criteria_and_methods = models.TextField(
        _("criteria and methods"), blank=True,
        help_text=_("How the process is monitored and steered: criteria, methods, "
                    "controls (ISO 9001 §4.4.1 c)."),
    )
    requirements = models.TextField(_("applicable requirements"), blank=True)

    document_type_code = "PRC"
    is_creatable = True
    parent_page_types = ["documents.LibraryPage"]
    subpage_types = [
        "documents.ProcedurePage",
        "documents.InstructionPage",
        "documents.FormTemplatePage",
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(ControlledDocumentPage.metadata_panels, heading=_("Document control")),
        MultiFieldPanel(
            [FieldPanel("family"), FieldPanel("pilot"), FieldPanel("summary"),
             FieldPanel("beneficiaries")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("inputs"), FieldPanel("activities"), FieldPanel("outputs"),
             FieldPanel("resources")],
            heading=_("How it works"),
        ),
        MultiFieldPanel(
            [FieldPanel("criteria_and_methods"), FieldPanel("requirements")],
            heading=_("Steering and requirements"),
        ),
        FieldPanel("body"),
    ]
    search_fields = ControlledDocumentPage.search_fields + [
        index.SearchField("activities"),
        index.SearchField("beneficiaries"),
        index.FilterField("family"),
    ]

    class Meta:
        verbose_name = _("process sheet")
        verbose_name_plural = _("process sheets")


class ProcedurePage(ControlledDocumentPage):
    document_type_code = "PRO"
    is_creatable = True
    parent_page_types = ["documents.LibraryPage", "documents.ProcessSheetPage"]
    subpage_types = ["documents.InstructionPage", "documents.FormTemplatePage"]

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")


class InstructionPage(ControlledDocumentPage):
    document_type_code = "INS"
    is_creatable = True
    parent_page_types = [
        "documents.LibraryPage",
        "documents.ProcessSheetPage",
        "documents.ProcedurePage",
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("work instruction")
        verbose_name_plural = _("work instructions")


class FormTemplatePage(ControlledDocumentPage):
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("attached file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The blank form or template agents download."),
    )

    document_type_code = "FOR"
    is_creatable = True
    parent_page_types = InstructionPage.parent_page_types
    subpage_types = []
    content_panels = ControlledDocumentPage.content_panels + [FieldPanel("attachment")]

    class Meta:
        verbose_name = _("form or template")
        verbose_name_plural = _("forms and templates")


class GovernanceRulePage(ControlledDocumentPage):
    document_type_code = "GOV"
    is_creatable = True
    parent_page_types = ["documents.LibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("governance rule")
        verbose_name_plural = _("governance rules")


DOCUMENT_TYPES = {
    "process": ProcessSheetPage,
    "procedure": ProcedurePage,
    "instruction": InstructionPage,
    "form": FormTemplatePage,
    "governance": GovernanceRulePage,
}
