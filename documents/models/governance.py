"""The QMS's founding documents as controlled documents of their own types: the scope
of the management system (ISO 9001 / ISO 14001 §4.3) and the quality policy (§5.2).

Both go through the same approval workflow as every document, keep their versions and
are acknowledged by the agents they apply to. Standards are named by their code (the
codes of audits.Standard), not by a foreign key: documents sits below audits.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from reportlab.platypus import Paragraph
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from documents.forms import ControlledDocumentForm

from .pages import ControlledDocumentPage


class StandardCode(models.TextChoices):
    """The standards and labels of the QMS, by the codes of audits.Standard."""

    ISO_9001 = "iso-9001", "ISO 9001"
    ISO_14001 = "iso-14001", "ISO 14001"
    QUALIVILLES = "qualivilles", "Qualivilles"
    SERVICES_PUBLICS_PLUS = "services-publics-plus", "Services Publics+"


class StandardsField(models.JSONField):
    """A list of standard codes, edited as check boxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=StandardCode.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = [code for code in value or [] if code not in StandardCode.values]
        if unknown:
            raise ValidationError(
                _("Unknown standard: %(codes)s."), params={"codes": ", ".join(unknown)},
                code="invalid_choice",
            )


def standard_labels(codes) -> list[str]:
    labels = dict(StandardCode.choices)
    return [labels.get(code, code) for code in codes or []]


# --- blocks --------------------------------------------------------------------------
class CommitmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Commitment"), max_length=200)
    detail = blocks.TextBlock(label=_("How we keep it"), required=False)

    class Meta:
        icon = "tick"
        label = _("Commitment")


class ExclusionBlock(blocks.StructBlock):
    """A requirement of a standard that does not apply to the scope, and why."""

    clause = blocks.CharBlock(label=_("Clause"), max_length=20, help_text=_("E.g. 8.3."))
    requirement = blocks.CharBlock(label=_("Requirement excluded"), max_length=200)
    justification = blocks.TextBlock(label=_("Justification"), required=False)

    class Meta:
        icon = "cross"
        label = _("Exclusion")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("justification") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "justification": ValidationError(exclusion_message(value.get("clause")))
                }
            )
        return value


def exclusion_message(clause) -> str:
    return _(
        "Justify the exclusion of clause %(clause)s: a requirement may be excluded only "
        "when it cannot apply to the scope."
    ) % {"clause": clause or "?"}


# --- forms ---------------------------------------------------------------------------
class QmsScopeForm(ControlledDocumentForm):
    """The scope's admin form: the page's own rules (services covered, exclusions
    justified) see the services ticked in the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "services" in self.fields:
            # The page says why (QmsScopePage.clean), not a bare "required".
            self.fields["services"].required = False

    def _post_clean(self):
        if "services" in self.fields:
            self.instance.services.set(list(self.cleaned_data.get("services") or []))
        super()._post_clean()


# --- pages ---------------------------------------------------------------------------
class QualityPolicyPage(ControlledDocumentPage):
    """La politique qualité (ISO 9001 §5.2), signed by the mayor or the director general
    and acknowledged by the agents of the services it applies to."""

    commitments = StreamField(
        [("commitment", CommitmentBlock())], verbose_name=_("commitments"), blank=True,
        help_text=_("To satisfy applicable requirements and to improve continually, at least."),
    )
    standards = StandardsField(_("standards it covers"))
    signatory_name = models.CharField(_("signed by"), max_length=120)
    signatory_title = models.CharField(
        _("signatory's title"), max_length=120, help_text=_("E.g. Mayor, Director general.")
    )
    signed_on = models.DateField(_("signed on"))

    document_type_code = "POL"
    is_creatable = True
    parent_page_types = ["documents.LibraryPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(ControlledDocumentPage.metadata_panels, heading=_("Document control")),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title"),
             FieldPanel("signed_on"), FieldPanel("standards")],
            heading=_("Commitment of the management"),
        ),
        FieldPanel("summary"),
        FieldPanel("commitments"),
        FieldPanel("body"),
    ]
    search_fields = ControlledDocumentPage.search_fields + [
        index.SearchField("commitments"),
        index.SearchField("signatory_name"),
    ]

    class Meta:
        verbose_name = _("quality policy")
        verbose_name_plural = _("quality policies")

    def clean(self):
        super().clean()
        errors = {}
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The policy cannot be signed on a future date.")
        if not len(self.commitments or []):
            errors["commitments"] = _(
                "State at least one commitment: a quality policy commits the management."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def standard_labels(self):
        return standard_labels(self.standards)

    def pdf_sections(self) -> list:
        """The commitments and the signature, for the controlled copy (documents.pdf)."""
        from documents.pdf import _field_table
        from qms.pdf import escape, format_date, get_styles

        styles = get_styles()
        story = [Paragraph(escape(gettext("Our commitments")), styles["h2"])]
        for number, block in enumerate(self.commitments or [], start=1):
            text = f"<b>{number}. {escape(block.value.get('title'))}</b>"
            if block.value.get("detail"):
                text += "<br/>" + escape(block.value["detail"])
            story.append(Paragraph(text, styles["body"]))
        story.append(_field_table([
            (gettext("Signed by"), f"{self.signatory_name}, {self.signatory_title}"),
            (gettext("Signed on"), format_date(self.signed_on)),
            (gettext("Standards covered"), ", ".join(self.standard_labels)),
        ]))
        return story

    def get_context(self, request, *args, **kwargs):
        from documents import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.policy_rate_context(self, request.user))
        return context


class QmsScopePage(ControlledDocumentPage):
    """Le domaine d'application du SMQ (ISO 9001 / ISO 14001 §4.3): the services, sites
    and activities covered, and the requirements excluded with their justification. The
    agents of the covered services acknowledge it."""

    services = ParentalManyToManyField(
        "qms.Service",
        verbose_name=_("services covered"),
        related_name="qms_scopes",
    )
    sites = ParentalManyToManyField(
        "qms.Site", verbose_name=_("sites covered"), blank=True, related_name="qms_scopes"
    )
    standards = StandardsField(_("standards"))
    activities = models.TextField(
        _("activities covered"),
        help_text=_("The services delivered to the public and the activities the system covers."),
    )
    exclusions = StreamField(
        [("exclusion", ExclusionBlock())], verbose_name=_("exclusions"), blank=True,
        help_text=_("Each requirement that cannot apply, with its justification."),
    )
    boundaries = models.TextField(
        _("boundaries and interfaces"), blank=True,
        help_text=_("Where the system stops: outsourced processes, partners, other bodies."),
    )

    base_form_class = QmsScopeForm
    document_type_code = "DOM"
    is_creatable = True
    parent_page_types = ["documents.LibraryPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(ControlledDocumentPage.metadata_panels, heading=_("Document control")),
        MultiFieldPanel(
            [FieldPanel("services", widget=forms.CheckboxSelectMultiple),
             FieldPanel("sites", widget=forms.CheckboxSelectMultiple),
             FieldPanel("standards")],
            heading=_("What the system covers"),
        ),
        FieldPanel("summary"),
        FieldPanel("activities"),
        FieldPanel("exclusions"),
        FieldPanel("boundaries"),
        FieldPanel("body"),
    ]
    search_fields = ControlledDocumentPage.search_fields + [
        index.SearchField("activities"),
        index.SearchField("boundaries"),
    ]

    class Meta:
        verbose_name = _("QMS scope")
        verbose_name_plural = _("QMS scopes")

    def clean(self):
        super().clean()
        services = list(self.services.all())
        if not services:
            raise ValidationError(
                {"services": _("Choose the services the scope covers: at least one.")}
            )
        unjustified = [
            block.value.get("clause") for block in self.exclusions or []
            if not (block.value.get("justification") or "").strip()
        ]
        if unjustified:
            raise ValidationError(
                {"exclusions": [exclusion_message(clause) for clause in unjustified]}
            )
        # The agents of the covered services acknowledge the scope, like the readers of
        # any document (documents.services.readers_of reads applies_to_services).
        applies = list(self.applies_to_services.all())
        missing = [s for s in services if s not in applies]
        if missing:
            self.applies_to_services.set(applies + missing)

    @property
    def standard_labels(self):
        return standard_labels(self.standards)

    def pdf_sections(self) -> list:
        """What the scope covers and its exclusions, for the controlled copy."""
        from documents.pdf import _field_table
        from qms.pdf import escape, get_styles

        styles = get_styles()
        story = [
            Paragraph(escape(gettext("What the management system covers")), styles["h2"]),
            _field_table([
                (gettext("Standards"), ", ".join(self.standard_labels)),
                (gettext("Services covered"), ", ".join(str(s) for s in self.services.all())),
                (gettext("Sites covered"), ", ".join(str(s) for s in self.sites.all())),
                (gettext("Activities covered"), self.activities),
                (gettext("Boundaries and interfaces"), self.boundaries),
            ]),
            Paragraph(escape(gettext("Exclusions")), styles["h2"]),
        ]
        rows = [
            (f"{block.value.get('clause')} — {block.value.get('requirement')}",
             block.value.get("justification"))
            for block in self.exclusions or []
        ]
        if rows:
            story.append(_field_table(rows))
        else:
            story.append(Paragraph(
                escape(gettext("Every requirement of the standards applies.")), styles["body"]
            ))
        return story
