"""The audit report (ISO 19011 §6.5.1) as PDF, on the shared controlled-copy layout:
objectives, scope, criteria, team, dates and places, findings grouped by kind with their
evidence, conclusions, degree to which criteria are met, the sampling statement and the
distribution list."""

from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph

from qms.pdf import ControlledCopy, escape, format_date, get_styles, render_pdf

from .models import Audit, Finding
from .selectors import audit_detail


def _text(value) -> str:
    return escape(value or "—").replace("\n", "<br/>")


def render_audit_report(audit: Audit) -> bytes:
    audit = audit_detail(Audit.objects.filter(pk=audit.pk)).get()
    styles = get_styles()
    story = [Paragraph(escape(_("Audit report — %(title)s") % {"title": audit.title}),
                       styles["title"])]

    def section(title, body):
        story.append(Paragraph(escape(title), styles["h2"]))
        story.append(Paragraph(body, styles["body"]))

    section(_("Objectives"), _text(audit.objectives or audit.programme.objectives))
    scope = [", ".join(str(s) for s in audit.services.all())]
    if audit.processes.all():
        scope.append(", ".join(str(p) for p in audit.processes.all()))
    if audit.scope:
        scope.append(audit.scope)
    section(_("Scope"), _text("\n".join(scope)))
    section(_("Audit criteria"),
            _text("\n".join(c.label + " — " + c.title for c in audit.criteria.all())))
    team = [_("Lead auditor: %(name)s") % {"name": audit.lead_auditor}] \
        if audit.lead_auditor_id else []
    team += [str(a) for a in audit.team.all()]
    section(_("Audit team"), _text("\n".join(team)))
    section(_("Dates and places"), _text(
        f"{format_date(audit.held_start or audit.planned_start)} – "
        f"{format_date(audit.held_end or audit.planned_end)}\n{audit.places}"))

    story.append(Paragraph(escape(_("Findings")), styles["h2"]))
    findings = list(audit.findings.all())
    for kind in Finding.REPORT_ORDER:
        rows = [f for f in findings if f.kind == kind]
        if not rows:
            continue
        story.append(Paragraph(escape(f"{Finding.Kind(kind).label} ({len(rows)})"),
                               styles["h3"]))
        for finding in rows:
            head = finding.reference_label
            if hasattr(finding, "nonconformity") and finding.nonconformity:
                head = f"{head} — {finding.nonconformity.reference}"
            story.append(Paragraph(f"<b>{escape(head)}</b> {_text(finding.description)}",
                                   styles["body"]))
            if finding.evidence:
                story.append(Paragraph(escape(_("Evidence:")) + " " + _text(finding.evidence),
                                       styles["note"]))
    if not findings:
        story.append(Paragraph(escape(_("No findings.")), styles["body"]))

    section(_("Conclusions"), _text(audit.conclusions))
    section(_("Degree to which the criteria are met"),
            _text(audit.get_criteria_met_display()))
    if audit.disagreements:
        section(_("Unresolved disagreements"), _text(audit.disagreements))
    if audit.not_covered:
        section(_("Areas not covered"), _text(audit.not_covered))
    story.append(Paragraph(escape(_(
        "An audit is based on a sample of the information available: there is an element "
        "of uncertainty, and nonconformities may exist that were not found.")),
        styles["note"]))
    section(_("Distribution list"), _text(audit.distribution))
    copy = ControlledCopy(reference=audit.reference, title=audit.title)
    return render_pdf(story, copy, title=str(audit), subject=_("Audit report"))
