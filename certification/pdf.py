"""A certificate as a PDF (reportlab, on the shared layout of qms/pdf.py): the specimen
attached to the demo's certifications, marked as a specimen (the real certificate is
the certifying body's, uploaded in the back office)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer

from qms.pdf import ControlledCopy, escape, format_date, get_styles, render_pdf


def certificate_specimen(*, standard: str, number: str, body: str, services: list[str],
                         scope: str, first_certified_on, valid_until, site: str = "") -> bytes:
    styles = get_styles()
    story = [
        Paragraph(escape(_("Certificate (specimen)")), styles["title"]),
        Paragraph(escape(_("%(body)s certifies that the management system of the "
                           "services below meets the requirements of %(standard)s.")
                         % {"body": body, "standard": standard}), styles["body"]),
        Spacer(1, 12),
        Paragraph(escape(_("Services: %(services)s") % {"services": ", ".join(services)}),
                  styles["body"]),
    ]
    if site:
        story.append(Paragraph(escape(_("Site: %(site)s") % {"site": site}), styles["body"]))
    story += [
        Paragraph(escape(_("Scope: %(scope)s") % {"scope": scope}), styles["body"]),
        Paragraph(escape(_("Certificate number: %(number)s") % {"number": number}),
                  styles["body"]),
        Paragraph(escape(_("First certified on %(first)s, valid until %(until)s.") % {
            "first": format_date(first_certified_on), "until": format_date(valid_until)}),
            styles["body"]),
        Spacer(1, 12),
        Paragraph(escape(_("Demonstration document: not a certificate.")), styles["small"]),
    ]
    copy = ControlledCopy(reference=number, title=f"{standard} — {', '.join(services)}")
    return render_pdf(story, copy, title=f"{standard} {number}", subject=_("Certificate"))
