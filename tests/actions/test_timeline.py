"""The Gantt chart of the plan (actions.timeline): one linked, titled bar per action,
status colours with the progress filled, today's line, month ticks, late actions marked
without relying on colour."""

import datetime
import re
from xml.etree import ElementTree as ET

from actions.models import Action
from actions.timeline import COLOURS, timeline_svg

TODAY = datetime.date(2026, 3, 15)
SVG = "{http://www.w3.org/2000/svg}"


def action(ref, start, due, status=Action.Status.IN_PROGRESS, progress=0, pk=1):
    return Action(pk=pk, reference=ref, title=f"Titre {ref} <&>", kind="improvement",
                  start_date=start, due_date=due, status=status, progress=progress)


def draw(actions):
    svg = timeline_svg(actions, href=lambda a: f"/actions/{a.pk}/", label="Chronologie",
                       today=TODAY)
    return str(svg), ET.fromstring(str(svg))


def bars(root):
    return root.findall(f".//{SVG}a")


def test_one_linked_titled_bar_per_action():
    actions = [
        action("ACT-1", datetime.date(2026, 1, 10), datetime.date(2026, 2, 20), pk=11),
        action("ACT-2", datetime.date(2026, 3, 1), datetime.date(2026, 6, 30),
               progress=50, pk=12),
        action("ACT-3", None, datetime.date(2026, 4, 1), Action.Status.PLANNED, pk=13),
        action("ACT-4", datetime.date(2025, 12, 1), datetime.date(2026, 1, 31),
               Action.Status.DONE, 100, pk=14),
    ]
    actions[2].created_at = None
    text, root = draw(actions)
    links = bars(root)
    assert [a.get("href") for a in links] == [f"/actions/{pk}/" for pk in (11, 12, 13, 14)]
    for link, act in zip(links, actions, strict=True):
        title = link.find(f"{SVG}title").text
        assert title.startswith(f"{act.reference} — Titre {act.reference} <&>")
        assert link.get("aria-label") == title
        bar = link.find(f"{SVG}rect[@class='bar']")
        assert bar.get("data-status") == act.status
        assert bar.get("fill") == COLOURS[act.status][0]
    # the progress fill is half the bar for ACT-2
    bar = links[1].find(f"{SVG}rect[@class='bar']")
    fill = links[1].find(f"{SVG}rect[@class='progress']")
    assert abs(float(fill.get("width")) - float(bar.get("width")) / 2) < 0.2
    assert "&lt;&amp;&gt;" in text  # escaped
    assert root.get("role") == "group" and root.get("aria-label") == "Chronologie"


def test_late_actions_are_marked_and_today_is_drawn():
    late = action("ACT-L", datetime.date(2026, 1, 1), datetime.date(2026, 2, 28), pk=1)
    done_late = action("ACT-D", datetime.date(2026, 1, 1), datetime.date(2026, 2, 1),
                       Action.Status.DONE, 100, pk=2)
    _text, root = draw([late, done_late])
    first, second = bars(root)
    assert first.find(f"{SVG}rect[@class='overdue']") is not None
    assert first.find(f"{SVG}text[@class='late-mark']").text == "!"
    assert "15" in first.find(f"{SVG}title").text  # late by 15 days
    assert second.find(f"{SVG}rect[@class='overdue']") is None  # done is never late
    today = root.find(f".//{SVG}g[@class='today']")
    assert today.find(f"{SVG}line") is not None and today.get("aria-hidden") == "true"


def test_month_ticks_cover_the_span():
    _text, root = draw([action("ACT-1", datetime.date(2026, 1, 5), datetime.date(2026, 5, 2))])
    labels = [t.text for t in root.findall(f".//{SVG}g[@class='months']/{SVG}text")]
    assert len(labels) == 5  # January to May
    assert re.search(r"2026", labels[0])


def test_bars_are_placed_by_date():
    early = action("ACT-1", datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), pk=1)
    late = action("ACT-2", datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), pk=2)
    _text, root = draw([early, late])
    first, second = (a.find(f"{SVG}rect[@class='bar']") for a in bars(root))
    assert float(first.get("x")) < float(second.get("x"))
    assert float(first.get("y")) < float(second.get("y"))


def test_no_action_no_drawing():
    assert str(timeline_svg([], href=str, label="x")) == ""


def test_many_months_thin_out_the_labels():
    actions = [action("ACT-1", datetime.date(2022, 1, 1), datetime.date(2026, 12, 31))]
    _text, root = draw(actions)
    assert len(root.findall(f".//{SVG}g[@class='months']/{SVG}text")) <= 20
