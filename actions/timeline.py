"""The plan's timeline (a Gantt chart), drawn on the server as inline SVG.

One row per action: its reference on the left, a bar from its start to its due date
coloured by status, the part done filled darker (progress), and for a late action a
hatched stretch from the due date to today and a "!" after it — so lateness is read
without colours. A vertical line marks today, ticks mark the months. Each bar is a link
to the action's page, named (<title> and aria-label) with its reference, title, status,
dates and progress; the table of the page is the text alternative of the whole chart.

The SVG is built with the standard library's ElementTree, which escapes every text."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Action

LABEL_WIDTH = 150
CHART_WIDTH = 770
RIGHT = 24
ROW = 22
BAR = 12
AXIS = 34  # the month labels on top
BOTTOM = 8
FONT = "system-ui, 'DejaVu Sans', Arial, sans-serif"

INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#d5d8de"
TODAY = "#a4161a"
#: status -> (bar fill, progress fill, outline): dark enough against white (3:1 for shapes).
COLOURS = {
    Action.Status.PLANNED: ("#c9d6e8", "#52698a", "#52698a"),
    Action.Status.IN_PROGRESS: ("#b9d3ee", "#0b4f8a", "#0b4f8a"),
    Action.Status.DONE: ("#cfe6d4", "#1d6b2f", "#1d6b2f"),
    Action.Status.CANCELLED: ("#eceef1", "#8a8f98", "#6b7280"),
}
LATE = "#a4161a"

STYLE = (
    "a.bar-link:focus rect.bar, a.bar-link:hover rect.bar { stroke:#ffbf47; stroke-width:3; }"
    "a.bar-link:focus { outline:3px solid #ffbf47; }"
    "text { font-family: " + FONT + "; }"
)


def _start(action: Action) -> datetime.date:
    if action.start_date:
        return action.start_date
    if action.created_at:
        return min(timezone.localtime(action.created_at).date(), action.due_date)
    return action.due_date


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def bar_label(action: Action, *, today: datetime.date) -> str:
    """What a bar says to a screen reader (and in its tooltip)."""
    parts = {
        "reference": action.reference, "title": action.title,
        "status": action.get_status_display(),
        "start": formats.date_format(_start(action), "SHORT_DATE_FORMAT"),
        "due": formats.date_format(action.due_date, "SHORT_DATE_FORMAT"),
        "progress": action.progress,
    }
    label = _("%(reference)s — %(title)s: %(status)s, from %(start)s to %(due)s, "
              "%(progress)s%% done") % parts
    if action.is_open and action.due_date < today:
        label += " — " + _("late by %(days)s days") % {"days": (today - action.due_date).days}
    return label


def timeline_svg(actions: Sequence[Action], *, href: Callable[[Action], str],
                 label: str, today: datetime.date | None = None) -> SafeString:
    """The Gantt chart of `actions` (in their order), or '' when there are none."""
    actions = list(actions)
    if not actions:
        return mark_safe("")
    today = today or timezone.localdate()
    first = min([_start(a) for a in actions] + [today])
    last = max([a.due_date for a in actions] + [today])
    months = _month_starts(first, last)
    begin = months[0]
    end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    span = max((end - begin).days, 1)

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - begin).days / span * CHART_WIDTH, 1)

    width = LABEL_WIDTH + CHART_WIDTH + RIGHT
    height = AXIS + ROW * len(actions) + BOTTOM
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}",
        "role": "group", "aria-label": label, "class": "action-timeline",
        "style": f"display:block;width:100%;height:auto;min-width:{width * 0.75:.0f}px",
        "font-size": "11",
    })
    ET.SubElement(svg, "title").text = label
    ET.SubElement(svg, "style").text = STYLE

    # Month grid and labels (a label every month, or fewer when months are many).
    axis = ET.SubElement(svg, "g", {"class": "months", "aria-hidden": "true"})
    step = max(1, -(-len(months) // 18))
    for index, month in enumerate(months):
        mx = x(month)
        ET.SubElement(axis, "line", {"x1": str(mx), "x2": str(mx), "y1": str(AXIS - 6),
                                     "y2": str(height - BOTTOM), "stroke": GRID})
        if index % step == 0:
            text = ET.SubElement(axis, "text", {"x": str(mx + 3), "y": str(AXIS - 10),
                                                "fill": MUTED})
            text.text = formats.date_format(month, "N Y")  # "juin", "juil." (not "Jui" twice)

    rows = ET.SubElement(svg, "g", {"class": "bars"})
    for index, action in enumerate(actions):
        top = AXIS + index * ROW
        y = top + (ROW - BAR) / 2
        late = action.is_open and action.due_date < today
        fill, done, outline = COLOURS.get(action.status, COLOURS[Action.Status.PLANNED])
        name = bar_label(action, today=today)
        link = ET.SubElement(rows, "a", {"href": href(action), "class": "bar-link",
                                         "aria-label": name, "data-action": action.reference})
        ET.SubElement(link, "title").text = name
        code = ET.SubElement(link, "text", {"x": "4", "y": str(top + ROW / 2 + 4),
                                            "fill": LATE if late else INK})
        code.text = action.reference
        if late:
            code.set("font-weight", "bold")
        x0, x1 = x(_start(action)), x(action.due_date + datetime.timedelta(days=1))
        bar_width = max(x1 - x0, 3)
        ET.SubElement(link, "rect", {
            "class": "bar", "x": str(x0), "y": str(y), "width": f"{bar_width:.1f}",
            "height": str(BAR), "rx": "2", "fill": fill,
            "stroke": LATE if late else outline, "stroke-width": "1.5" if late else "1",
            "data-status": action.status,
        })
        if action.progress:
            ET.SubElement(link, "rect", {
                "class": "progress", "x": str(x0), "y": str(y + 3),
                "width": f"{bar_width * action.progress / 100:.1f}", "height": str(BAR - 6),
                "fill": done,
            })
        if late:
            overdue = max(x(today) - x1, 2)
            ET.SubElement(link, "rect", {
                "class": "overdue", "x": str(x1), "y": str(y + 2),
                "width": f"{overdue:.1f}", "height": str(BAR - 4),
                "fill": "url(#late-hatch)", "stroke": LATE, "stroke-width": "0.8",
            })
            mark = ET.SubElement(link, "text", {
                "x": str(x1 + overdue + 3), "y": str(y + BAR - 1), "fill": LATE,
                "font-weight": "bold", "font-size": "13", "class": "late-mark",
            })
            mark.text = "!"

    today_x = x(today)
    marker = ET.SubElement(svg, "g", {"class": "today", "aria-hidden": "true"})
    ET.SubElement(marker, "line", {"x1": str(today_x), "x2": str(today_x), "y1": str(AXIS - 4),
                                   "y2": str(height - BOTTOM), "stroke": TODAY,
                                   "stroke-width": "2", "stroke-dasharray": "4 3"})
    today_text = ET.SubElement(marker, "text", {
        "x": str(today_x), "y": str(AXIS - 22 if AXIS > 22 else AXIS - 2), "fill": TODAY,
        "text-anchor": "middle", "font-weight": "bold"})
    today_text.text = _("Today")

    defs = ET.Element("defs")
    pattern = ET.SubElement(defs, "pattern", {
        "id": "late-hatch", "width": "6", "height": "6", "patternUnits": "userSpaceOnUse",
        "patternTransform": "rotate(45)"})
    ET.SubElement(pattern, "rect", {"width": "6", "height": "6", "fill": "#fbe6e6"})
    ET.SubElement(pattern, "line", {"x1": "0", "y1": "0", "x2": "0", "y2": "6",
                                    "stroke": LATE, "stroke-width": "2"})
    svg.insert(2, defs)
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308 - escaped by ElementTree
