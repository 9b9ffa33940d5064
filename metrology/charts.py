"""The register's timeline of next verification dates, as an inline accessible SVG: one
mark per resource on a line from three months ago to a year ahead, today drawn as a
vertical line; overdue ones in red at the left edge, due within 30 days in amber."""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 680, 120
LEFT, RIGHT = 20, 20
RED, AMBER, BLUE = "#a4161a", "#8a5300", "#0b4f8a"


def due_timeline(resources, today: datetime.date) -> str:
    """`resources`: annotated with next_due (None = never verified). '' when empty."""
    resources = [r for r in resources if r.status == "in_service"]
    if not resources:
        return ""
    start = today - datetime.timedelta(days=90)
    end = today + datetime.timedelta(days=365)
    span = (end - start).days
    plot = WIDTH - LEFT - RIGHT

    def x_of(day: datetime.date) -> float:
        day = min(max(day, start), end)
        return LEFT + plot * (day - start).days / span

    marks = []
    for index, resource in enumerate(resources):
        due = resource.next_due
        if due is None or due < today:
            colour = RED
        elif due <= today + datetime.timedelta(days=30):
            colour = AMBER
        else:
            colour = BLUE
        label = (_("never verified") if due is None else due.strftime("%d/%m/%Y"))
        marks.append((x_of(due or start), 40 + (index % 5) * 12, colour,
                      f"{resource.name} — {label}"))
    months = []
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append((x_of(day), day.strftime("%m/%y")))
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    ticks = format_html_join("", (
        '<line x1="{}" x2="{}" y1="26" y2="100" stroke="#dde2e7"/>'
        '<text x="{}" y="114" font-size="10" text-anchor="middle" fill="#3d4852">{}</text>'
    ), ((f"{x:.1f}", f"{x:.1f}", f"{x:.1f}", label) for x, label in months))
    dots = format_html_join("", (
        '<circle cx="{}" cy="{}" r="5" fill="{}" fill-opacity="0.85"><title>{}</title>'
        '</circle>'), ((f"{x:.1f}", y, colour, title) for x, y, colour, title in marks))
    overdue = sum(1 for _x, _y, colour, _t in marks if colour == RED)
    soon = sum(1 for _x, _y, colour, _t in marks if colour == AMBER)
    description = _("%(overdue)s overdue, %(soon)s due within 30 days, %(later)s later.") % {
        "overdue": overdue, "soon": soon, "later": len(marks) - overdue - soon}
    today_x = f"{x_of(today):.1f}"
    return format_html(
        '<svg class="met-timeline" viewBox="0 0 {} {}" role="img" aria-labelledby='
        '"met-tl-t met-tl-d" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="met-tl-t">{}</title><desc id="met-tl-d">{}</desc>{}'
        '<line x1="{}" x2="{}" y1="18" y2="100" stroke="{}" stroke-width="2"/>'
        '<text x="{}" y="14" font-size="11" text-anchor="middle" fill="{}">{}</text>'
        '{}</svg>',
        WIDTH, HEIGHT, _("Next verification dates"), description, ticks, today_x, today_x,
        RED, today_x, RED, _("today"), dots,
    )
