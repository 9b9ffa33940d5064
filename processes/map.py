"""The process map (cartographie des processus), laid out once and drawn twice: as inline
SVG for the intranet and the admin (`map_svg`), and as a flowable of the landscape PDF
(`MapFlowable`).

The picture is the one people expect: the management processes in a band on top, the
realisation processes in the middle between the "needs of users and interested parties"
arrow (left) and the "satisfaction" arrow (right), the support processes in a band below;
an arrow for each interaction of the register, from the process that hands something over
to the process that receives it.

`layout_map` places the boxes and routes the arrows orthogonally: out of a box's bottom
or top edge into the horizontal channel between two rows (one lane per arrow, so arrows
never run on top of one another), through the gaps between the boxes of the rows in
between, and into the other box; two neighbours of one row are joined side to side.

The drawing is a reportlab Drawing (the same library as indicators.charts). reportlab's
SVG renderer links single shapes only (`hrefURL`), which would give each box two or three
links; so each box is drawn as one group whose rectangle carries a `data-process` marker,
and `map_svg` wraps that group in a single `<a href>` with an accessible name: one
keyboard stop per box."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.dom import minidom

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.shapes import Drawing, Group, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from qms.pdf import register_fonts

MANAGEMENT, REALISATION, SUPPORT = "management", "realisation", "support"
FAMILIES = (MANAGEMENT, REALISATION, SUPPORT)

# --- geometry (points in the PDF, user units in the SVG) -------------------------------------
WIDTH = 1120
MARGIN = 8
BAND_WIDTH = 96  # the "needs" and "satisfaction" arrows
BAND_POINT = 16
BAND_GAP = 10
TAB_WIDTH = 30  # the coloured tab carrying the family's name, left of each band
PAD = 14  # inside a family's frame, around its boxes
BOX_GAP = 34  # between two boxes of a row: room for the arrows passing between them
BOX_MIN_WIDTH = 132
BOX_MAX_WIDTH = 196
BOX_HEIGHT = 84
LANE = 7  # between two parallel arrows
CHANNEL_MIN = 26  # between two rows
ARROW_HEAD = 7

CODE_SIZE = 10.5
NAME_SIZE = 9.8
NAME_LEADING = 11.8
NAME_LINES = 4
LABEL_SIZE = 9.6

# --- colours (text on fills keeps a WCAG AA contrast) -----------------------------------------
INK = colors.HexColor("#1b1b1b")
ARROW = colors.HexColor("#3d4551")
FAMILY_COLORS = {
    family: tuple(colors.HexColor(value) for value in values)
    for family, values in {
        MANAGEMENT: ("#1f4e79", "#eef3f9", "#dce8f5"),
        REALISATION: ("#1d5e2f", "#eef6ef", "#dcefdf"),
        SUPPORT: ("#7a4100", "#fbf3e8", "#f6e4cc"),
    }.items()
}
"""family: (strong colour of the tab and borders, frame background, box background)"""
BAND_FILL = colors.HexColor("#e3e8ef")
BAND_STROKE = colors.HexColor("#5b6675")
WEB_FONT_FAMILY = "DejaVu Sans, system-ui, Arial, sans-serif"
FOCUS_COLOR = "#ffbf47"


# --- what the map is made of ------------------------------------------------------------------
@dataclass(frozen=True)
class MapBox:
    code: str
    name: str
    family: str
    href: str
    x: float
    y: float  # top edge, counted from the top of the map
    width: float
    height: float
    name_lines: tuple[str, ...]

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"


@dataclass
class MapArrow:
    source: str
    target: str
    description: str
    points: list[tuple[float, float]] = field(default_factory=list)  # from the top

    @property
    def label(self) -> str:
        if self.description:
            return _("%(source)s → %(target)s: %(flow)s") % {
                "source": self.source, "target": self.target, "flow": self.description,
            }
        return f"{self.source} → {self.target}"


@dataclass(frozen=True)
class MapFrame:
    family: str
    label: str
    x: float
    y: float
    width: float
    height: float
    empty_text: str = ""


@dataclass(frozen=True)
class MapBand:
    label: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    side: str  # "left" or "right"


@dataclass
class MapLayout:
    width: float
    height: float
    frames: list[MapFrame]
    bands: list[MapBand]
    boxes: dict[str, MapBox]
    arrows: list[MapArrow]


# --- text -------------------------------------------------------------------------------------
def _fonts():
    return register_fonts()


def wrap(text: str, font: str, size: float, width: float, max_lines: int = 99) -> list[str]:
    """The words of `text` in lines no wider than `width`; the last kept line ends with '…'
    when the text is longer than `max_lines`."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


# --- layout -----------------------------------------------------------------------------------
@dataclass
class _Row:
    family: str
    codes: list[str]
    first_of_frame: bool = False
    last_of_frame: bool = False
    y: float = 0.0


def _family_labels() -> dict[str, str]:
    return {
        MANAGEMENT: _("Management processes"),
        REALISATION: _("Realisation processes"),
        SUPPORT: _("Support processes"),
    }


def _frame_extent(family: str, width: float) -> tuple[float, float]:
    if family == REALISATION:
        side = MARGIN + BAND_WIDTH + BAND_GAP
        return side, width - side
    return MARGIN, width - MARGIN


def layout_map(
    processes: Iterable,
    interactions: Iterable,
    *,
    href: Callable[[object], str],
    width: float = WIDTH,
) -> MapLayout:
    """Place the processes (objects with code, name, family; in their map order) and route
    the interactions (objects with source, target — processes or codes — and description)
    between those placed. `href(process)` gives the link of a box."""
    fonts = _fonts()
    by_family: dict[str, list] = {family: [] for family in FAMILIES}
    for process in processes:
        by_family.setdefault(process.family, []).append(process)

    rows: list[_Row] = []
    boxes: dict[str, MapBox] = {}
    frame_rows: dict[str, list[_Row]] = {}
    for family in FAMILIES:
        members = by_family.get(family, [])
        x0, x1 = _frame_extent(family, width)
        area_x0, area_x1 = x0 + TAB_WIDTH + PAD, x1 - PAD
        room = area_x1 - area_x0
        fits = max(1, int((room + BOX_GAP) // (BOX_MIN_WIDTH + BOX_GAP)))
        count = len(members)
        row_count = max(1, math.ceil(count / fits))
        cols = max(1, math.ceil(count / row_count))
        box_width = min(BOX_MAX_WIDTH, (room - (cols - 1) * BOX_GAP) / cols)
        family_rows = []
        for r in range(row_count):
            chunk = members[r * cols:(r + 1) * cols]
            row = _Row(family=family, codes=[p.code for p in chunk])
            k = len(chunk)
            even = (room - k * box_width) / (k + 1) if k else 0
            if k and even >= BOX_GAP:
                xs = [area_x0 + even + i * (box_width + even) for i in range(k)]
            elif k > 1:
                step = box_width + (room - k * box_width) / (k - 1)
                xs = [area_x0 + i * step for i in range(k)]
            else:
                xs = [area_x0 + (room - box_width) / 2] if k else []
            for process, x in zip(chunk, xs, strict=True):
                boxes[process.code] = MapBox(
                    code=process.code, name=process.name, family=family, href=href(process),
                    x=x, y=0, width=box_width, height=BOX_HEIGHT,
                    name_lines=tuple(wrap(process.name, fonts.regular, NAME_SIZE,
                                          box_width - 12, NAME_LINES)),
                )
            family_rows.append(row)
        family_rows[0].first_of_frame = True
        family_rows[-1].last_of_frame = True
        frame_rows[family] = family_rows
        rows += family_rows

    row_of = {code: i for i, row in enumerate(rows) for code in row.codes}
    arrows = []
    for interaction in interactions:
        source, target = _code(interaction.source), _code(interaction.target)
        if source in boxes and target in boxes and source != target:
            arrows.append(MapArrow(source, target, interaction.description or ""))

    router = _Router(rows, boxes, row_of, width)
    plans = [router.plan(arrow) for arrow in arrows]
    router.assign_gutters(plans)
    router.assign_ports(plans)
    lanes = router.assign_lanes(plans)

    # Vertical placement: rows, the frames around each family's rows, channels between.
    y = MARGIN
    frame_top: dict[str, float] = {}
    frame_bottom: dict[str, float] = {}
    channel_span: dict[int, tuple[float, float]] = {}
    for index, row in enumerate(rows):
        if row.first_of_frame:
            if index > 0:  # the channel between two frames (its span is set below)
                y += _channel_height(lanes.get(index, 0))
            frame_top[row.family] = y
            y += PAD
        else:
            height = _channel_height(lanes.get(index, 0))
            channel_span[index] = (y, y + height)
            y += height
        row.y = y
        for code in row.codes:
            boxes[code] = _moved(boxes[code], y)
        y += BOX_HEIGHT
        if row.last_of_frame:
            y += PAD
            frame_bottom[row.family] = y
    below = len(rows)
    if lanes.get(below):
        height = _channel_height(lanes[below])
        channel_span[below] = (y, y + height)
        y += height
    height = y + MARGIN
    # A channel between two frames lies between the frames, not in their padding.
    for index, row in enumerate(rows):
        if row.first_of_frame and index > 0:
            previous = rows[index - 1].family
            channel_span[index] = (frame_bottom[previous], frame_top[row.family])

    router.route(plans, channel_span, lanes)

    labels = _family_labels()
    frames = []
    for family in FAMILIES:
        x0, x1 = _frame_extent(family, width)
        frames.append(MapFrame(
            family=family, label=labels[family], x=x0, y=frame_top[family],
            width=x1 - x0, height=frame_bottom[family] - frame_top[family],
            empty_text="" if by_family.get(family) else _("No process yet"),
        ))
    real_top, real_bottom = frame_top[REALISATION], frame_bottom[REALISATION]
    bands = []
    band_text_width = BAND_WIDTH - BAND_POINT - 10
    for side, label in (("left", _("Needs of users and interested parties")),
                        ("right", _("Satisfaction of users and interested parties"))):
        x = MARGIN if side == "left" else width - MARGIN - BAND_WIDTH
        bands.append(MapBand(
            label=label, lines=tuple(wrap(label, fonts.bold, LABEL_SIZE, band_text_width)),
            x=x, y=real_top, width=BAND_WIDTH, height=real_bottom - real_top, side=side,
        ))
    return MapLayout(width=width, height=height, frames=frames, bands=bands, boxes=boxes,
                     arrows=[plan.arrow for plan in plans])


def _code(value) -> str:
    return getattr(value, "code", value)


def _moved(box: MapBox, y: float) -> MapBox:
    return MapBox(**{**box.__dict__, "y": y})


def _channel_height(lanes: int) -> float:
    return max(CHANNEL_MIN, (lanes + 1) * LANE + 4)


# --- routing ----------------------------------------------------------------------------------
@dataclass
class _Plan:
    """How an arrow goes, before the vertical positions are known."""

    arrow: MapArrow
    kind: str  # "side", "direct", "loop", "through"
    source_edge: str = ""  # "top", "bottom", "left", "right"
    target_edge: str = ""
    channels: list[int] = field(default_factory=list)  # channel indexes it runs along
    gutter_rows: tuple[int, ...] = ()
    gutter_x: float | None = None
    source_port: float = 0.0  # x on a top/bottom edge; y offset on a side
    target_port: float = 0.0
    lanes: list[int] = field(default_factory=list)


class _Router:
    def __init__(self, rows, boxes, row_of, width):
        self.rows, self.boxes, self.row_of, self.width = rows, boxes, row_of, width

    def plan(self, arrow: MapArrow) -> _Plan:
        ra, rb = self.row_of[arrow.source], self.row_of[arrow.target]
        if ra == rb:
            codes = self.rows[ra].codes
            ia, ib = codes.index(arrow.source), codes.index(arrow.target)
            if abs(ia - ib) == 1:
                edges = ("right", "left") if ib > ia else ("left", "right")
                return _Plan(arrow, "side", *edges)
            # Around the row, through the channel below it.
            return _Plan(arrow, "loop", "bottom", "bottom", channels=[ra + 1])
        if ra < rb:
            if rb == ra + 1:
                return _Plan(arrow, "direct", "bottom", "top", channels=[ra + 1])
            return _Plan(arrow, "through", "bottom", "top", channels=[ra + 1, rb],
                         gutter_rows=tuple(range(ra + 1, rb)))
        if rb == ra - 1:
            return _Plan(arrow, "direct", "top", "bottom", channels=[ra])
        return _Plan(arrow, "through", "top", "bottom", channels=[ra, rb + 1],
                     gutter_rows=tuple(range(rb + 1, ra)))

    def _free_intervals(self, row_index: int) -> list[tuple[float, float]]:
        row = self.rows[row_index]
        x0, x1 = _frame_extent(row.family, self.width)
        start, free = x0 + TAB_WIDTH + 4, []
        for code in row.codes:
            box = self.boxes[code]
            if box.x - 4 > start:
                free.append((start, box.x - 4))
            start = box.x + box.width + 4
        if x1 - 4 > start:
            free.append((start, x1 - 4))
        return free

    def assign_gutters(self, plans: list[_Plan]) -> None:
        """The x where an arrow crosses the rows between its two boxes: in a gap free in
        all those rows, the one nearest the arrow's ends; arrows sharing a gap side by
        side."""
        shared = defaultdict(list)
        for plan in plans:
            if plan.kind != "through":
                continue
            intervals = None
            for row_index in plan.gutter_rows:
                free = self._free_intervals(row_index)
                intervals = free if intervals is None else _intersect(intervals, free)
            intervals = [iv for iv in intervals or [] if iv[1] - iv[0] >= 6]
            middle = (self.boxes[plan.arrow.source].cx + self.boxes[plan.arrow.target].cx) / 2
            if not intervals:  # cannot happen with the frames' padding; cross the boxes
                plan.gutter_x = middle
                continue
            best = min(intervals, key=lambda iv: (max(iv[0] - middle, 0, middle - iv[1]),
                                                  -(iv[1] - iv[0])))
            shared[best].append(plan)
        for (low, high), members in shared.items():
            members.sort(key=lambda p: (self.boxes[p.arrow.source].cx,
                                        self.boxes[p.arrow.target].cx))
            step = min(LANE, (high - low) / (len(members) + 1))
            centre = (low + high) / 2
            for i, plan in enumerate(members):
                plan.gutter_x = centre + (i - (len(members) - 1) / 2) * step

    def _heading(self, plan: _Plan, end: str) -> float:
        """The x the arrow heads for when it leaves the `end` box: the other box, or the
        gap it passes through."""
        if plan.gutter_x is not None:
            return plan.gutter_x
        other = plan.arrow.target if end == "source" else plan.arrow.source
        return self.boxes[other].cx

    def assign_ports(self, plans: list[_Plan]) -> None:
        """Spread the arrows meeting one edge of a box along it, in the order of where
        they head, so that they do not cross right at the box."""
        edges = defaultdict(list)
        for plan in plans:
            if plan.kind == "side":
                continue
            edges[(plan.arrow.source, plan.source_edge)].append((plan, "source"))
            edges[(plan.arrow.target, plan.target_edge)].append((plan, "target"))
        for (code, _edge), members in edges.items():
            box = self.boxes[code]
            members.sort(key=lambda m: (self._heading(m[0], m[1]), m[1]))
            count = len(members)
            for i, (plan, end) in enumerate(members):
                x = box.x + box.width * (i + 1) / (count + 1)
                if end == "source":
                    plan.source_port = x
                else:
                    plan.target_port = x
        pairs = {(p.arrow.source, p.arrow.target) for p in plans if p.kind == "side"}
        for plan in plans:
            if plan.kind == "side":
                both = (plan.arrow.target, plan.arrow.source) in pairs
                rightward = plan.source_edge == "right"
                offset = (-6 if rightward else 6) if both else 0
                plan.source_port = plan.target_port = offset

    def _segments(self, plan: _Plan) -> list[tuple[int, float, float]]:
        """The horizontal runs of an arrow: (channel, from x, to x)."""
        if plan.kind == "side":
            return []
        if plan.kind == "through":
            return [(plan.channels[0], plan.source_port, plan.gutter_x),
                    (plan.channels[1], plan.gutter_x, plan.target_port)]
        return [(plan.channels[0], plan.source_port, plan.target_port)]

    def assign_lanes(self, plans: list[_Plan]) -> dict[int, int]:
        """One lane per horizontal run in each channel, runs that do not overlap sharing a
        lane. Returns the number of lanes of each channel."""
        runs = defaultdict(list)
        for plan in plans:
            plan.lanes = []
            for position, (channel, a, b) in enumerate(self._segments(plan)):
                plan.lanes.append(0)
                runs[channel].append((min(a, b), max(a, b), plan, position))
        counts = {}
        for channel, items in runs.items():
            items.sort(key=lambda item: (item[0], item[1]))
            lane_ends: list[float] = []
            for low, high, plan, position in items:
                for lane, end in enumerate(lane_ends):
                    if low > end + 8:
                        lane_ends[lane] = high
                        break
                else:
                    lane = len(lane_ends)
                    lane_ends.append(high)
                plan.lanes[position] = lane
            counts[channel] = len(lane_ends)
        self.lane_counts = counts
        return counts

    def route(self, plans, channel_span, lanes) -> None:
        def lane_y(channel: int, lane: int) -> float:
            top, bottom = channel_span[channel]
            count = lanes.get(channel, 1)
            first = (top + bottom) / 2 - (count - 1) * LANE / 2
            return first + lane * LANE

        def edge_y(code: str, edge: str) -> float:
            box = self.boxes[code]
            return box.y if edge == "top" else box.y + box.height

        for plan in plans:
            a, b = self.boxes[plan.arrow.source], self.boxes[plan.arrow.target]
            if plan.kind == "side":
                y = a.cy + plan.source_port
                xa = a.x + a.width if plan.source_edge == "right" else a.x
                xb = b.x if plan.target_edge == "left" else b.x + b.width
                points = [(xa, y), (xb, y)]
            elif plan.kind == "through":
                y1 = lane_y(plan.channels[0], plan.lanes[0])
                y2 = lane_y(plan.channels[1], plan.lanes[1])
                points = [
                    (plan.source_port, edge_y(a.code, plan.source_edge)),
                    (plan.source_port, y1), (plan.gutter_x, y1), (plan.gutter_x, y2),
                    (plan.target_port, y2),
                    (plan.target_port, edge_y(b.code, plan.target_edge)),
                ]
            else:
                y1 = lane_y(plan.channels[0], plan.lanes[0])
                points = [
                    (plan.source_port, edge_y(a.code, plan.source_edge)),
                    (plan.source_port, y1), (plan.target_port, y1),
                    (plan.target_port, edge_y(b.code, plan.target_edge)),
                ]
            plan.arrow.points = _simplified(points)


def _intersect(first, second):
    result = []
    for a0, a1 in first:
        for b0, b1 in second:
            low, high = max(a0, b0), min(a1, b1)
            if high > low:
                result.append((low, high))
    return result


def _simplified(points):
    """Without repeated points and without the middle of three aligned points."""
    kept = []
    for point in points:
        if kept and abs(point[0] - kept[-1][0]) < 0.01 and abs(point[1] - kept[-1][1]) < 0.01:
            continue
        if len(kept) >= 2:
            (x0, y0), (x1, y1) = kept[-2], kept[-1]
            if (abs(x0 - x1) < 0.01 and abs(x1 - point[0]) < 0.01) or (
                abs(y0 - y1) < 0.01 and abs(y1 - point[1]) < 0.01
            ):
                kept[-1] = point
                continue
        kept.append(point)
    return kept


# --- drawing ----------------------------------------------------------------------------------
def map_drawing(layout: MapLayout) -> Drawing:
    """The map as a reportlab Drawing (origin bottom left)."""
    fonts = _fonts()
    height = layout.height
    drawing = Drawing(layout.width, height)

    def flip(y):
        return height - y

    for frame in layout.frames:
        strong, background, _fill = FAMILY_COLORS[frame.family]
        drawing.add(Rect(frame.x, flip(frame.y + frame.height), frame.width, frame.height,
                         rx=6, ry=6, fillColor=background, strokeColor=strong,
                         strokeWidth=1))
        drawing.add(Rect(frame.x, flip(frame.y + frame.height), TAB_WIDTH, frame.height,
                         rx=6, ry=6, fillColor=strong, strokeColor=strong, strokeWidth=1))
        lines = wrap(frame.label, fonts.bold, LABEL_SIZE, frame.height - 12)
        label = Group()
        first = -(len(lines) - 1) * (LABEL_SIZE + 2) / 2
        for i, line in enumerate(lines):
            label.add(String(0, -(first + i * (LABEL_SIZE + 2)) - LABEL_SIZE / 3, line,
                             fontName=fonts.bold, fontSize=LABEL_SIZE,
                             fillColor=colors.white, textAnchor="middle"))
        # Rotated a quarter turn: read from bottom to top, centred on the tab.
        label.transform = (0, 1, -1, 0, frame.x + TAB_WIDTH / 2, flip(frame.y + frame.height / 2))
        drawing.add(label)
        if frame.empty_text:
            drawing.add(String(frame.x + frame.width / 2, flip(frame.y + frame.height / 2) - 3,
                               frame.empty_text, fontName=fonts.regular, fontSize=NAME_SIZE,
                               fillColor=INK, textAnchor="middle"))

    for band in layout.bands:
        drawing.add(_band(band, flip, fonts))

    for index, arrow in enumerate(layout.arrows):
        drawing.add(_arrow(arrow, index, flip))

    for box in layout.boxes.values():
        drawing.add(_box(box, flip, fonts))
    return drawing


def _band(band: MapBand, flip, fonts) -> Group:
    x0, x1 = band.x, band.x + band.width
    top, bottom, middle = flip(band.y), flip(band.y + band.height), flip(band.y + band.height / 2)
    if band.side == "left":
        points = [x0, top, x1 - BAND_POINT, top, x1, middle, x1 - BAND_POINT, bottom, x0, bottom,
                  x0 + BAND_POINT / 2, middle]
        text_x = x0 + BAND_POINT / 2 + (band.width - BAND_POINT * 1.5) / 2
    else:
        points = [x0, top, x1 - BAND_POINT, top, x1, middle, x1 - BAND_POINT, bottom, x0, bottom,
                  x0 + BAND_POINT, middle]
        text_x = x0 + BAND_POINT + (band.width - BAND_POINT * 2) / 2
    group = Group(Polygon(points, fillColor=BAND_FILL, strokeColor=BAND_STROKE, strokeWidth=1))
    leading = LABEL_SIZE + 2.4
    first = middle + (len(band.lines) - 1) * leading / 2 - LABEL_SIZE / 3
    for i, line in enumerate(band.lines):
        group.add(String(text_x, first - i * leading, line, fontName=fonts.bold,
                         fontSize=LABEL_SIZE, fillColor=INK, textAnchor="middle"))
    return group


def _marker(**attributes) -> Rect:
    """An invisible rectangle marking the group it opens, for `map_svg`."""
    marker = Rect(0, 0, 0, 0, strokeColor=None, fillColor=None)
    marker._svgAttrs = attributes
    return marker


def _arrow(arrow: MapArrow, index: int, flip) -> Group:
    points = [(x, flip(y)) for x, y in arrow.points]
    (xa, ya), (xb, yb) = points[-2], points[-1]
    length = math.hypot(xb - xa, yb - ya) or 1
    ux, uy = (xb - xa) / length, (yb - ya) / length
    # The line stops where the head starts, so that its end does not blunt the point.
    line_end = (xb - ux * ARROW_HEAD * 0.8, yb - uy * ARROW_HEAD * 0.8)
    flat = [c for point in [*points[:-1], line_end] for c in point]
    head = [xb, yb,
            xb - ux * ARROW_HEAD - uy * ARROW_HEAD / 2, yb - uy * ARROW_HEAD + ux * ARROW_HEAD / 2,
            xb - ux * ARROW_HEAD + uy * ARROW_HEAD / 2, yb - uy * ARROW_HEAD - ux * ARROW_HEAD / 2]
    return Group(
        _marker(**{"data-arrow": str(index)}),
        PolyLine(flat, strokeColor=ARROW, strokeWidth=1.3, strokeLineJoin=1),
        Polygon(head, fillColor=ARROW, strokeColor=ARROW, strokeWidth=0.5),
    )


def _box(box: MapBox, flip, fonts) -> Group:
    strong, _background, fill = FAMILY_COLORS[box.family]
    rect = Rect(box.x, flip(box.y + box.height), box.width, box.height, rx=4, ry=4,
                fillColor=fill, strokeColor=strong, strokeWidth=1.2)
    rect._svgAttrs = {"data-process": box.code, "class": "box"}
    group = Group(rect)
    lines = list(box.name_lines)
    block = CODE_SIZE + 3 + len(lines) * NAME_LEADING
    top = flip(box.y) - (box.height - block) / 2 - CODE_SIZE + 1
    group.add(String(box.cx, top, box.code, fontName=fonts.bold, fontSize=CODE_SIZE,
                     fillColor=strong, textAnchor="middle"))
    for i, line in enumerate(lines):
        group.add(String(box.cx, top - CODE_SIZE - 3 - i * NAME_LEADING + 1, line,
                         fontName=fonts.regular, fontSize=NAME_SIZE, fillColor=INK,
                         textAnchor="middle"))
    return group


# --- SVG for the web --------------------------------------------------------------------------
SVG_STYLE = (
    ".process-link { cursor: pointer; }"
    ".process-link:hover rect.box, .process-link:focus rect.box {"
    f" stroke: {FOCUS_COLOR} !important; stroke-width: 4 !important; }}"
    f".process-link:focus {{ outline: 3px solid {FOCUS_COLOR}; outline-offset: 2px; }}"
)


def map_svg(layout: MapLayout, *, label: str, description: str = "",
            css_class: str = "process-map") -> SafeString:
    """The map as inline SVG: one link per box (keyboard reachable, named by the process's
    code and name), the arrows titled with what flows (and hidden from screen readers,
    which get the table of interactions next to the map)."""
    fonts = _fonts()
    web = {"family": WEB_FONT_FAMILY}
    canvas = renderSVG.SVGCanvas(
        (layout.width, layout.height), useClip=False,
        fontHacks={fonts.regular: dict(web), fonts.bold: {**web, "weight": "bold"}},
        svgAttrs={"role": "group", "aria-label": label, "class": css_class,
                  "style": "display:block;width:100%;height:auto;min-width:56rem"},
    )
    renderSVG.draw(map_drawing(layout), canvas, 0, 0, showBoundary=False)
    root = canvas.svg
    document = root.ownerDocument
    for node in root.getElementsByTagName("*"):
        if node.hasAttribute("id"):
            node.removeAttribute("id")
    for tag, text in (("title", label), ("desc", description)):
        node = root.getElementsByTagName(tag)[0]
        if text:
            node.firstChild.data = text
        else:
            root.removeChild(node)
    style = document.createElement("style")
    style.appendChild(document.createTextNode(SVG_STYLE))
    after = [n for n in root.childNodes if getattr(n, "tagName", "") not in ("title", "desc")]
    root.insertBefore(style, after[0] if after else None)

    arrows = layout.arrows
    for rect in list(root.getElementsByTagName("rect")):
        if rect.hasAttribute("data-process"):
            _link_box(document, rect, layout.boxes[rect.getAttribute("data-process")])
        elif rect.hasAttribute("data-arrow"):
            _title_arrow(document, rect, arrows[int(rect.getAttribute("data-arrow"))])
    root.removeAttribute("width")
    root.removeAttribute("height")
    return mark_safe(root.toxml())  # noqa: S308 - built and escaped by the DOM library


def _link_box(document: minidom.Document, rect, box: MapBox) -> None:
    group = rect.parentNode
    link = document.createElement("a")
    link.setAttribute("href", box.href)
    link.setAttribute("class", "process-link")
    link.setAttribute("data-process", box.code)
    link.setAttribute("aria-label", box.label)
    title = document.createElement("title")
    title.appendChild(document.createTextNode(box.label))
    link.appendChild(title)
    group.parentNode.replaceChild(link, group)
    link.appendChild(group)
    rect.removeAttribute("data-process")


def _title_arrow(document: minidom.Document, marker, arrow: MapArrow) -> None:
    group = marker.parentNode
    group.removeChild(marker)
    group.setAttribute("class", "interaction")
    group.setAttribute("data-source", arrow.source)
    group.setAttribute("data-target", arrow.target)
    group.setAttribute("aria-hidden", "true")
    title = document.createElement("title")
    title.appendChild(document.createTextNode(arrow.label))
    group.insertBefore(title, group.firstChild)


# --- the PDF flowable -------------------------------------------------------------------------
class MapFlowable(Flowable):
    """The drawing scaled to fit `width` × `height`, each box a link to its page (the
    layout's hrefs, absolute for a PDF)."""

    def __init__(self, layout: MapLayout, width: float, height: float):
        super().__init__()
        self.layout = layout
        self.drawing = map_drawing(layout)
        self.scale = min(width / layout.width, height / layout.height)
        self.width, self.height = layout.width * self.scale, layout.height * self.scale

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, canvas, 0, 0, showBoundary=False)
        canvas.restoreState()
        for box in self.layout.boxes.values():
            if not box.href.startswith(("http://", "https://")):
                continue
            x0, x1 = box.x * self.scale, (box.x + box.width) * self.scale
            y0 = (self.layout.height - box.y - box.height) * self.scale
            y1 = (self.layout.height - box.y) * self.scale
            canvas.linkURL(box.href, (x0, y0, x1, y1), relative=1, thickness=0)
