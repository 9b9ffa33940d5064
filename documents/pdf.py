"""PDF export of a controlled document, on the shared controlled-copy layout (qms.pdf):
its metadata, a process sheet's identity, then its body block by block."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle
from wagtail.rich_text import expand_db_html

from qms.pdf import (
    CONTENT_WIDTH,
    RULE,
    SHADE,
    ControlledCopy,
    escape,
    format_date,
    get_styles,
    glyph,
    render_pdf,
)

from .models import ControlledDocumentPage, ProcessSheetPage

NOTE_COLORS = {
    "note": (colors.HexColor("#e8f1fb"), colors.HexColor("#4a78a8")),
    "warning": (colors.HexColor("#fdf0e1"), colors.HexColor("#c4670f")),
}
PROCESS_FIELDS = [
    "beneficiaries", "inputs", "activities", "outputs", "resources", "criteria_and_methods",
    "requirements",
]
_TAG_RE = re.compile(r"<[^>]+>")


def render_document_pdf(document: ControlledDocumentPage, obsolete: bool = False) -> bytes:
    """The PDF of one version of a document (the page itself or a revision's object).
    `obsolete` marks a replaced version on every page."""
    document = document.specific if type(document) is ControlledDocumentPage else document
    styles = get_styles()
    story = [
        Paragraph(escape(capfirst(document.type_label)), styles["small"]),
        Paragraph(escape(f"{document.reference} — {document.title}"), styles["title"]),
        _field_table(_metadata_rows(document)),
    ]
    if isinstance(document, ProcessSheetPage):
        story += [
            Paragraph(escape(_("Identity")), styles["h2"]),
            _field_table(_process_rows(document)),
        ]
        if not obsolete:
            story += _register_flowables(document)
    sections = getattr(document, "pdf_sections", None)
    if sections is not None:  # the quality policy's commitments, the scope's coverage
        story += sections()
    story.append(Spacer(1, 8))
    for block in document.body:
        story += block_flowables(block.block_type, block.value)
    copy = ControlledCopy(
        reference=document.reference,
        title=document.title,
        version=document.version,
        approved_at=document.approved_at,
        obsolete=obsolete,
    )
    return render_pdf(
        story, copy, author=str(document.author or ""), subject=document.summary or ""
    )


# --- metadata ----------------------------------------------------------------------
def _label(document, name) -> str:
    return capfirst(str(document._meta.get_field(name).verbose_name))


def _metadata_rows(document) -> list[tuple[str, str]]:
    services = ", ".join(str(s) for s in document.applies_to_services.all())
    values = {
        "owner_service": document.owner_service,
        "author": document.author,
        "approver": document.approver,
        "approved_at": format_date(document.approved_at),
        "next_review_date": format_date(document.next_review_date),
        "applies_to_services": services,
        "change_summary": document.change_summary,
        "summary": document.summary,
    }
    return [(_label(document, name), value) for name, value in values.items()]


def _process_rows(sheet: ProcessSheetPage) -> list[tuple[str, str]]:
    rows = [
        (_label(sheet, "family"), sheet.get_family_display()),
        (_label(sheet, "pilot"), sheet.pilot),
    ]
    rows += [(_label(sheet, name), getattr(sheet, name)) for name in PROCESS_FIELDS]
    return rows


def _register_flowables(sheet: ProcessSheetPage) -> list:
    """The interactions the process register records for the process(es) this sheet
    describes, read through the reverse relation (the register is not versioned with the
    sheet, so the section is dated)."""
    styles = get_styles()
    arrow = glyph("→", "->")
    flowables = []
    for process in sheet.processes.filter(status="active").order_by("code"):
        upstream = [
            f"{i.source.code} {arrow} {process.code}" + (f" : {i.description}" if i.description
                                                        else "")
            for i in process.incoming_interactions.select_related("source")
            .order_by("source__code")
        ]
        downstream = [
            f"{process.code} {arrow} {i.target.code}" + (f" : {i.description}" if i.description
                                                        else "")
            for i in process.outgoing_interactions.select_related("target")
            .order_by("target__code")
        ]
        flowables += [
            Paragraph(escape(_("In the process register on %(date)s: %(process)s") % {
                "date": format_date(timezone.localdate()), "process": process,
            }), styles["h3"]),
            _field_table([
                (_("Upstream interactions"), "\n".join(upstream)),
                (_("Downstream interactions"), "\n".join(downstream)),
            ]),
        ]
    return flowables


def _field_table(rows) -> Table:
    """Label | value, two columns; an empty value shows as a dash."""
    styles = get_styles()
    data = [
        [Paragraph(escape(label), styles["label"]),
         Paragraph(escape(value) if value not in (None, "") else "—", styles["cell"])]
        for label, value in rows
    ]
    return Table(
        data,
        colWidths=[CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.7],
        splitInRow=1,
        style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]),
    )


# --- body blocks ---------------------------------------------------------------------
def block_flowables(block_type: str, value) -> list:
    """The flowables of one StreamField block of DocumentBodyBlock; [] for an unknown one."""
    styles = get_styles()
    if block_type == "heading":
        style = styles["h3"] if value.get("level") == "h3" else styles["h2"]
        return [Paragraph(escape(value.get("text")), style)]
    if block_type == "paragraph":
        return rich_text_flowables(value.source)
    if block_type == "steps":
        items = [[Paragraph(escape(step), styles["body"])] for step in value if step]
        return [_list(items, ordered=True)] if items else []
    if block_type == "table":
        return _table(value or {})
    if block_type == "note":
        return [_note(value.get("kind"), value.get("text"))]
    if block_type == "document_link":
        return _document_link(value.get("page"), value.get("label"))
    return []


def _list(items: list[list], *, ordered: bool) -> ListFlowable:
    styles = get_styles()
    return ListFlowable(
        [ListItem(flowables) for flowables in items],
        bulletType="1" if ordered else "bullet",
        start=None if ordered else "•",
        bulletFormat="%s." if ordered else None,
        bulletFontName=styles["body"].fontName,
        bulletFontSize=styles["body"].fontSize,
        leftIndent=18,
        spaceAfter=6,
    )


def _table(value) -> list:
    styles = get_styles()
    rows = [list(row or []) for row in value.get("data") or []]
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return []
    header_row = bool(value.get("first_row_is_table_header"))
    header_col = bool(value.get("first_col_is_header"))
    data = [
        [
            Paragraph(
                escape(row[col] if col < len(row) and row[col] is not None else ""),
                styles["cell_header"]
                if (header_row and r == 0) or (header_col and col == 0)
                else styles["cell"],
            )
            for col in range(columns)
        ]
        for r, row in enumerate(rows)
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header_row:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    flowables = []
    if value.get("table_caption"):
        flowables.append(Paragraph(escape(value["table_caption"]), styles["small"]))
    flowables.append(
        Table(
            data,
            colWidths=[CONTENT_WIDTH / columns] * columns,
            repeatRows=1 if header_row else 0,
            splitInRow=1,
            style=TableStyle(style),
            spaceAfter=8,
        )
    )
    return flowables


def _note(kind, text) -> Table:
    """A boxed note or warning, its label ("Note :", "Attention :") leading the text."""
    styles = get_styles()
    kind = "warning" if kind == "warning" else "note"
    label = _("Warning") if kind == "warning" else _("Note")
    prefix = f"<b>{escape(label)}\u00a0:</b> "
    flowables = rich_text_flowables(
        text.source if text else "", style=styles["note"], prefix=prefix
    )
    background, border = NOTE_COLORS[kind]
    return Table(
        [[flowables]],
        colWidths=[CONTENT_WIDTH],
        splitInRow=1,
        style=TableStyle([
            ("BOX", (0, 0), (-1, -1), 1, border),
            ("BACKGROUND", (0, 0), (-1, -1), background),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]),
        spaceBefore=4,
        spaceAfter=10,
    )


def _document_link(page, label) -> list:
    """"→ label (reference)", for a live document only, as on the intranet."""
    if page is None or not page.live:
        return []
    page = page.specific
    text = f"{glyph('→', '->')} {label or page.title}"
    if getattr(page, "reference", ""):
        text += f" ({page.reference})"
    return [Paragraph(escape(text), get_styles()["body"])]


# --- rich text -------------------------------------------------------------------------
def rich_text_flowables(html: str, *, style=None, prefix: str = "") -> list:
    """Wagtail rich text (database HTML) as flowables: paragraphs and headings with
    <b>/<i> kept, <ul>/<ol> as bullet/numbered lists, links as their plain text.
    `prefix` (reportlab markup) opens the first paragraph."""
    converter = _RichTextConverter(style or get_styles()["body"], prefix)
    converter.feed(expand_db_html(html or ""))
    return converter.finish()


def _paragraph(markup: str, style) -> Paragraph:
    try:
        return Paragraph(markup, style)
    except ValueError:  # markup reportlab rejects: keep the text, lose the formatting
        return Paragraph(_TAG_RE.sub("", markup.replace("<br/>", " ")), style)


class _RichTextConverter(HTMLParser):
    INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i"}
    BLOCKS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, style, prefix=""):
        super().__init__(convert_charrefs=True)
        self.style = self.block_style = style
        self.containers = [[]]  # the flowables of the root, then of each open <li>
        self.lists = []  # each open list: [ordered, items, depth of containers at opening]
        self.inline = []  # open inline tags, in opening order
        self.parts = [prefix] if prefix else []
        self.has_text = False
        self.prefix_pending = bool(prefix)  # the prefix waits for the first text

    # paragraphs
    def flush(self, force=False):
        """End the current paragraph; an empty one is dropped, or kept pending for the
        next text while it holds the prefix (unless `force`)."""
        if not self.has_text and not (force and self.prefix_pending):
            if not self.prefix_pending:
                self.parts = [f"<{tag}>" for tag in self.inline]
            return
        closing = "".join(f"</{tag}>" for tag in reversed(self.inline))
        self.containers[-1].append(_paragraph("".join(self.parts) + closing, self.block_style))
        self.parts = [f"<{tag}>" for tag in self.inline]
        self.has_text = self.prefix_pending = False

    def handle_data(self, data):
        self.parts.append(escape(data.replace("\n", " ")))
        self.has_text = self.has_text or bool(data.strip())

    def handle_starttag(self, tag, attrs):
        if tag in self.INLINE:
            self.inline.append(self.INLINE[tag])
            self.parts.append(f"<{self.INLINE[tag]}>")
        elif tag == "br":
            self.parts.append("<br/>")
        elif tag in ("ul", "ol"):
            self.flush(force=True)  # a prefix goes before the list, not in its first item
            self.lists.append([tag == "ol", [], len(self.containers)])
        elif tag == "li":
            self.flush()
            if not self.lists:  # a stray <li>
                self.lists.append([False, [], len(self.containers)])
            self.close_item()
            self.containers.append([])
        elif tag in self.BLOCKS:
            self.flush()
            styles = get_styles()
            if tag in ("h1", "h2"):
                self.block_style = styles["h2"]
            elif tag.startswith("h"):
                self.block_style = styles["h3"]

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append("<br/>")

    def handle_endtag(self, tag):
        tag = self.INLINE.get(tag, tag)
        if tag in self.inline:
            reopen = []
            while self.inline:
                open_tag = self.inline.pop()
                self.parts.append(f"</{open_tag}>")
                if open_tag == tag:
                    break
                reopen.append(open_tag)
            for open_tag in reversed(reopen):
                self.inline.append(open_tag)
                self.parts.append(f"<{open_tag}>")
        elif tag == "li":
            self.flush()
            if self.lists:
                self.close_item()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.close_list()
        elif tag in self.BLOCKS:
            self.flush()
            self.block_style = self.style

    # lists
    def close_item(self):
        """Move the open <li> of the innermost list, if any, into that list."""
        ordered, items, depth = self.lists[-1]
        self.flush()
        if len(self.containers) > depth:
            flowables = self.containers.pop()
            if flowables:
                items.append(flowables)

    def close_list(self):
        self.close_item()
        ordered, items, _depth = self.lists.pop()
        if items:
            self.containers[-1].append(_list(items, ordered=ordered))

    def finish(self) -> list:
        self.close()
        self.flush(force=True)
        while self.lists:
            self.close_list()
        return self.containers[0]
