"""The layout every PDF export of the project shares (reportlab platypus, A4).

Each page carries the controlled-copy header (reference, title, version, approval
date) and footer ("Page x/y" and "Uncontrolled copy once printed"); an obsolete
version is also watermarked and bannered. Fonts are TrueType with French accents
and œ. Renderers (`<app>/pdf.py`) build a list of flowables with `get_styles()`
and hand it to `render_pdf()`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

import reportlab
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
"""Width available to flowables, for renderers sizing their tables."""

HEADER_TOP = 1.2 * cm  # from the top edge of the page to the header
FOOTER_BOTTOM = 1.0 * cm  # from the bottom edge to the footer's baseline
HEADER_GAP = 0.6 * cm  # between the header and the content
BOTTOM_MARGIN = 2.2 * cm

# Candidate families, first found wins: (directory, regular, bold, italic, bold italic).
FONT_FAMILIES = [
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    # Bundled with reportlab, so an export works on a fresh machine.
    (
        Path(reportlab.__file__).parent / "fonts",
        "Vera.ttf",
        "VeraBd.ttf",
        "VeraIt.ttf",
        "VeraBI.ttf",
    ),
]

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
SHADE = colors.HexColor("#eef1f4")
OBSOLETE_RED = colors.HexColor("#b42318")


@dataclass(frozen=True)
class Fonts:
    """The registered names of the four faces of the exports' font family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@lru_cache(maxsize=1)
def register_fonts() -> Fonts:
    """Register the first installed candidate family once (the regular face maps <b>
    and <i> markup to the others) and return the registered names."""
    for folder, *faces in FONT_FAMILIES:
        paths = [folder / face for face in faces]
        if all(path.is_file() for path in paths):
            break
    else:  # pragma: no cover - reportlab always ships Vera
        raise RuntimeError("No TrueType font found for PDF exports.")
    fonts = Fonts(*(f"QMS-{path.stem}" for path in paths))
    for name, path in zip(vars(fonts).values(), paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        fonts.regular, normal=fonts.regular, bold=fonts.bold, italic=fonts.italic,
        boldItalic=fonts.bold_italic,
    )
    return fonts


def glyph(char: str, fallback: str) -> str:
    """`char` if the export font draws it, else `fallback` (Vera has no '→')."""
    face = pdfmetrics.getFont(register_fonts().regular).face
    return char if all(ord(c) in face.charToGlyph for c in char) else fallback


@lru_cache(maxsize=1)
def get_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles shared by every export: title, h2, h3, body, note, small, label,
    cell and cell_header (table cells), header_* (page header)."""
    fonts = register_fonts()
    body = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=10, leading=14, textColor=INK, spaceAfter=6
    )
    styles = {
        "body": body,
        "title": ParagraphStyle(
            "title", parent=body, fontName=fonts.bold, fontSize=18, leading=22, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=fonts.bold, fontSize=14, leading=18,
            spaceBefore=12, spaceAfter=6, keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=fonts.bold, fontSize=11.5, leading=15,
            spaceBefore=8, spaceAfter=4, keepWithNext=True,
        ),
        "note": ParagraphStyle("note", parent=body, fontSize=9.5, leading=13, spaceAfter=3),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
    }
    styles["label"] = ParagraphStyle("label", parent=styles["cell"], fontName=fonts.bold)
    styles["cell_header"] = styles["label"]
    styles["header"] = ParagraphStyle("header", parent=styles["cell"], fontSize=8.5, leading=11)
    styles["header_reference"] = ParagraphStyle(
        "header_reference", parent=styles["header"], fontName=fonts.bold, fontSize=10, leading=13
    )
    styles["header_title"] = ParagraphStyle(
        "header_title", parent=styles["header_reference"], alignment=TA_CENTER
    )
    styles["header_version"] = ParagraphStyle(
        "header_version", parent=styles["header"], alignment=TA_RIGHT
    )
    styles["banner"] = ParagraphStyle(
        "banner", parent=styles["header_title"], textColor=colors.white, fontSize=11
    )
    return styles


def escape(text) -> str:
    """Plain text as reportlab paragraph markup: & < > escaped, line breaks kept."""
    text = _xml_escape(str(text or "")).replace("\r\n", "\n")
    return text.replace("\n", "<br/>")


def format_date(value: date | datetime | None) -> str:
    """French short date, dd/mm/yyyy (in local time for an aware datetime); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class ControlledCopy:
    """What the header of every page says about the exported record."""

    reference: str
    title: str
    version: int | None = None
    approved_at: date | datetime | None = None
    obsolete: bool = False

    def obsolete_label(self) -> str:
        return _("Obsolete version").upper()


def _header_table(copy: ControlledCopy) -> Table:
    styles = get_styles()
    version_lines = [
        _("Version %(number)s") % {"number": copy.version} if copy.version else _("Draft")
    ]
    if copy.approved_at:
        version_lines.append(
            _("Approved on %(date)s") % {"date": format_date(copy.approved_at)}
        )
    rows = [
        [
            Paragraph(escape(copy.reference), styles["header_reference"]),
            Paragraph(escape(copy.title), styles["header_title"]),
            Paragraph("<br/>".join(escape(line) for line in version_lines),
                      styles["header_version"]),
        ]
    ]
    style = [
        ("BOX", (0, 0), (-1, -1), 0.75, RULE),
        ("LINEAFTER", (0, 0), (1, 0), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if copy.obsolete:
        rows.append([Paragraph(escape(copy.obsolete_label()), styles["banner"]), "", ""])
        style += [
            ("SPAN", (0, 1), (-1, 1)),
            ("BACKGROUND", (0, 1), (-1, 1), OBSOLETE_RED),
        ]
    widths = [CONTENT_WIDTH * share for share in (0.24, 0.50, 0.26)]
    return Table(rows, colWidths=widths, style=TableStyle(style))


class _NumberedCanvas(Canvas):
    """Keeps every page until the end, then lets `decorate(canvas, page_count)` draw on
    each, so the footer can say "Page x/y" with the real total."""

    def __init__(self, *args, decorate, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._page_states = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        page_count = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._decorate(self, page_count)
            super().showPage()
        super().save()


class ControlledCopyTemplate(BaseDocTemplate):
    """An A4 document whose every page carries the controlled-copy header and footer."""

    def __init__(self, filename, copy: ControlledCopy, **kwargs):
        register_fonts()
        self.copy = copy
        self.header = _header_table(copy)
        _, self.header_height = self.header.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
        kwargs.setdefault("title", f"{copy.reference} — {copy.title}")
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=HEADER_TOP + self.header_height + HEADER_GAP,
            bottomMargin=BOTTOM_MARGIN,
            **kwargs,
        )
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="content",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )
        self.addPageTemplates(
            [PageTemplate(id="controlled", frames=[frame], onPage=self._draw_watermark)]
        )

    def build(self, flowables):
        super().build(flowables, canvasmaker=partial(_NumberedCanvas, decorate=self._decorate))

    def _draw_watermark(self, canvas, doc):
        """Drawn before the page's content, so the content stays readable over it."""
        if not self.copy.obsolete:
            return
        font = register_fonts().bold
        text = self.copy.obsolete_label()
        diagonal = math.hypot(PAGE_WIDTH, PAGE_HEIGHT)
        size = min(64, 0.6 * diagonal / pdfmetrics.stringWidth(text, font, 1))
        canvas.saveState()
        canvas.setFillColor(OBSOLETE_RED, alpha=0.12)
        canvas.setFont(font, size)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(math.degrees(math.atan2(PAGE_HEIGHT, PAGE_WIDTH)))
        canvas.drawCentredString(0, -size / 3, text)
        canvas.restoreState()

    def _decorate(self, canvas, page_count):
        canvas.saveState()
        self.header.wrapOn(canvas, CONTENT_WIDTH, PAGE_HEIGHT)
        self.header.drawOn(canvas, MARGIN, PAGE_HEIGHT - HEADER_TOP - self.header_height)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_BOTTOM + 12, PAGE_WIDTH - MARGIN, FOOTER_BOTTOM + 12)
        canvas.setFillColor(MUTED)
        canvas.setFont(register_fonts().regular, 8)
        canvas.drawString(MARGIN, FOOTER_BOTTOM, _("Uncontrolled copy once printed"))
        counter = _("Page %(page)s/%(pages)s") % {
            "page": canvas.getPageNumber(),
            "pages": page_count,
        }
        canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_BOTTOM, counter)
        canvas.restoreState()


def render_pdf(story: list, copy: ControlledCopy, **metadata) -> bytes:
    """Build the flowables into a controlled-copy PDF and return its bytes.
    `metadata` goes to the PDF properties (title, author, subject)."""
    buffer = io.BytesIO()
    ControlledCopyTemplate(buffer, copy, **metadata).build(story)
    return buffer.getvalue()
