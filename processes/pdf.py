"""The process map as a one-page landscape A4 PDF: the controlled-copy header and footer
of every export (qms.pdf), the map drawn by processes.map (each box a link to the
process's intranet page) scaled to the page, and a line counting what it shows."""

from __future__ import annotations

import io
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from qms import pdf as qms_pdf
from qms.pdf import ControlledCopy, escape, format_date, get_styles

from .map import MapFlowable, layout_map
from .selectors import MapData

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 1.4 * cm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
REFERENCE = "CARTO-PRC"


class _Edition:
    """Stands in the header's version slot: "Version du 22/11/2026" (the live register
    has no version number)."""

    def __init__(self, day):
        self.text = _("of %(date)s") % {"date": format_date(day)}

    def __str__(self):
        return self.text

    def __bool__(self):
        return True


class LandscapeControlledCopyTemplate(qms_pdf.ControlledCopyTemplate):
    """qms.pdf's controlled copy on a landscape page: the same header (reference, title,
    version) and footer ("Uncontrolled copy once printed", page x/y)."""

    def __init__(self, filename, copy: ControlledCopy, **kwargs):
        qms_pdf.register_fonts()
        self.copy = copy
        self.header = _header_table(copy)
        _, self.header_height = self.header.wrap(CONTENT_WIDTH, PAGE_HEIGHT)
        kwargs.setdefault("title", f"{copy.reference} — {copy.title}")
        BaseDocTemplate.__init__(
            self, filename, pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=qms_pdf.HEADER_TOP + self.header_height + qms_pdf.HEADER_GAP * 0.6,
            bottomMargin=qms_pdf.FOOTER_BOTTOM + 22, **kwargs,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      id="content", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="landscape", frames=[frame])])

    def build(self, flowables):
        BaseDocTemplate.build(self, flowables, canvasmaker=partial(
            qms_pdf._NumberedCanvas, decorate=self._decorate
        ))

    def _decorate(self, canvas, page_count):
        canvas.saveState()
        self.header.wrapOn(canvas, CONTENT_WIDTH, PAGE_HEIGHT)
        self.header.drawOn(canvas, MARGIN,
                           PAGE_HEIGHT - qms_pdf.HEADER_TOP - self.header_height)
        bottom = qms_pdf.FOOTER_BOTTOM
        canvas.setStrokeColor(qms_pdf.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, bottom + 12, PAGE_WIDTH - MARGIN, bottom + 12)
        canvas.setFillColor(qms_pdf.MUTED)
        canvas.setFont(qms_pdf.register_fonts().regular, 8)
        canvas.drawString(MARGIN, bottom, _("Uncontrolled copy once printed"))
        canvas.drawRightString(PAGE_WIDTH - MARGIN, bottom, _("Page %(page)s/%(pages)s") % {
            "page": canvas.getPageNumber(), "pages": page_count,
        })
        canvas.restoreState()


def _header_table(copy: ControlledCopy) -> Table:
    styles = get_styles()
    row = [
        Paragraph(escape(copy.reference), styles["header_reference"]),
        Paragraph(escape(copy.title), styles["header_title"]),
        Paragraph(escape(_("Version %(number)s") % {"number": copy.version}),
                  styles["header_version"]),
    ]
    return Table([row], colWidths=[CONTENT_WIDTH * share for share in (0.22, 0.56, 0.22)],
                 style=TableStyle([
                     ("BOX", (0, 0), (-1, -1), 0.75, qms_pdf.RULE),
                     ("LINEAFTER", (0, 0), (1, 0), 0.5, qms_pdf.RULE),
                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("TOPPADDING", (0, 0), (-1, -1), 4),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                 ]))


def render_map_pdf(data: MapData, *, href) -> bytes:
    """The map on one landscape page; `href(process)` gives the absolute link of a box."""
    styles = get_styles()
    title = _("Process map")
    copy = ControlledCopy(reference=REFERENCE, title=title,
                          version=_Edition(timezone.localdate()))
    buffer = io.BytesIO()
    document = LandscapeControlledCopyTemplate(buffer, copy, subject=title)
    caption = Paragraph(escape(_(
        "%(processes)s active processes and %(interactions)s interactions, from the process "
        "register on %(date)s. Each box links to the page of its process on the intranet."
    ) % {
        "processes": len(data.processes), "interactions": len(data.interactions),
        "date": format_date(timezone.localdate()),
    }), styles["small"])
    _w, caption_height = caption.wrap(document.width, document.height)
    layout = layout_map(data.processes, data.interactions, href=href)
    drawing = MapFlowable(layout, document.width, document.height - caption_height - 8)
    drawing.hAlign = "CENTER"
    document.build([drawing, caption])
    return buffer.getvalue()
