"""StreamField blocks shared by every controlled document body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section")), ("h3", _("Sub-section"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class StepsBlock(blocks.ListBlock):
    """A numbered list of steps, the usual shape of an operating procedure."""

    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Step")), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "blocks/steps_block.html"


class NoteBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("note", _("Note")), ("warning", _("Warning"))],
        default="note",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Note or warning")
        template = "blocks/note_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("Document"), page_type="documents.ControlledDocumentPage"
    )
    label = blocks.CharBlock(label=_("Label"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Link to a document")
        template = "blocks/document_link_block.html"


class DocumentBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    steps = StepsBlock()
    table = TableBlock(
        label=_("Table"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
        template="blocks/table_block.html",
    )
    note = NoteBlock()
    document_link = DocumentLinkBlock()
