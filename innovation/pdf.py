"""The programme's PDFs (A4, the shared controlled-copy layout of qms.pdf):

* the contract document, to print and sign: the parties, the objectives, the actions with
  their budgets and deadlines, the indicators, the signature blocks (« Signé le … » once
  signed);
* the quarterly steering pack: the programme's figures and charts, every contract's
  progress with its late and blocked actions, the budget consumption, the proposals
  awaiting arbitration and the last committee's decisions.

Both read through innovation.selectors: a fixed number of queries whatever the size of
the programme."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from indicators.charts import format_value
from qms import pdf as qms_pdf
from qms.pdf import CONTENT_WIDTH, ControlledCopy, escape, format_date, get_styles, render_pdf

from . import charts, selectors
from .models import Contract, InnovationProgramme

#: Rows of a chart drawn on one page of the pack (the rest goes on the next drawing).
CHART_ROWS = 36


def _p(text, style="body") -> Paragraph:
    return Paragraph(escape(text), get_styles()[style])


def _euros(value) -> str:
    return format_value(Decimal(value or 0).quantize(Decimal("1")), "€")


def _table(rows: list[list], widths: list[float], *, header: bool = True,
           total: bool = False, numeric_from: int | None = None) -> Table:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, qms_pdf.RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), qms_pdf.SHADE))
    if total:
        style.append(("BACKGROUND", (0, -1), (-1, -1), qms_pdf.SHADE))
    if numeric_from is not None:
        style.append(("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"))
    cells = [[cell if not isinstance(cell, str) else _p(cell, "cell") for cell in row]
             for row in rows]
    return Table(cells, colWidths=[CONTENT_WIDTH * w for w in widths],
                 repeatRows=1 if header else 0, style=TableStyle(style))


def _num(text) -> Paragraph:
    style = get_styles()["cell"]
    return Paragraph(f'<para alignment="right">{escape(text)}</para>', style)


def _head(text) -> Paragraph:
    return _p(text, "label")


# --- the contract document -------------------------------------------------------------------
def contract_story(contract: Contract) -> list:
    programme = contract.programme
    data = selectors.contract_page(contract)
    story = [
        _p(str(contract), "title"),
        _p(_("%(programme)s — %(axis)s") % {"programme": programme.name,
                                             "axis": contract.axis}, "note"),
        _p(_("Contract of the innovation & performance programme"), "small"),
        _p(_("Parties"), "h2"),
    ]
    bodies = ", ".join(b.name for b in programme.bodies.all())
    parties = [
        [_head(_("For the programme")), _p(_("%(coordinator)s, coordinator; the bodies "
                                             "taking part: %(bodies)s") % {
            "coordinator": programme.coordinator, "bodies": bodies or "—"}, "cell")],
        [_head(_("Contract manager")), _p(str(contract.manager), "cell")],
        [_head(_("DG referent")), _p(str(contract.referent), "cell")],
        [_head(_("Participants")), _p(", ".join(str(p) for p in data["participants"])
                                      or "—", "cell")],
    ]
    story += [_table(parties, [0.28, 0.72], header=False), Spacer(1, 6)]
    story += [_p(_("Objectives"), "h2"), _p(contract.objectives),
              _p(_("Deadline: %(date)s") % {"date": format_date(contract.deadline)})]
    if data["proposal_groups"]:
        story.append(_p(_("Proposals of the working groups"), "h2"))
        for theme, proposals in data["proposal_groups"]:
            story.append(_p(str(theme), "h3"))
            story += [_p(f"• {p.reference} {p.title}", "note") for p in proposals]

    story.append(_p(_("Actions and budgets"), "h2"))
    actions = data["actions"]
    if actions:
        rows = [[_head(_("Action")), _head(_("Owner, service")), _head(_("Due date")),
                 _head(_("Programme funds")), _head(_("Services' budget")),
                 _head(_("Total"))]]
        for funded in actions:
            action = funded.action
            rows.append([
                _p(f"{action.reference} {action.title}"
                   + (f" ({_('priority')})" if funded.is_priority else ""), "cell"),
                _p(f"{action.owner}, {action.service}", "cell"),
                _p(format_date(action.due_date), "cell"),
                _num(_euros(funded.programme_funds)),
                _num(_euros(funded.service_operating + funded.service_investment)),
                _num(_euros(funded.planned)),
            ])
        totals = data["totals"]
        rows.append([_head(_("Total")), "", "",
                     _num(_euros(totals["programme_operating"]
                                 + totals["programme_investment"])),
                     _num(_euros(totals["service_operating"] + totals["service_investment"])),
                     _num(_euros(data["figures"].planned))])
        story.append(_table(rows, [0.3, 0.19, 0.14, 0.13, 0.12, 0.12], total=True))
        story.append(_p(_("Programme funds: operating %(operating)s, investment "
                          "%(investment)s.") % {
            "operating": _euros(totals["programme_operating"]),
            "investment": _euros(totals["programme_investment"])}, "small"))
    else:
        story.append(_p(_("No action yet."), "note"))

    story.append(_p(_("Indicators"), "h2"))
    if data["indicators"]:
        rows = [[_head(_("Indicator")), _head(_("Latest value")), _head(_("Period"))]]
        rows += [[_p(f"{row['code']} {row['title']}", "cell"),
                  _num(format_value(row["value"], row["unit"])),
                  _p(row["period"] or "—", "cell")] for row in data["indicators"]]
        story.append(_table(rows, [0.6, 0.2, 0.2]))
    else:
        story.append(_p(_("No indicator attached."), "note"))

    story.append(_p(_("Signatures"), "h2"))
    if contract.signed_on:
        story.append(_p(_("Signed on %(date)s") % {"date": format_date(contract.signed_on)},
                        "h3"))
    blank = "" if contract.signed_on else _("Date and signature")
    signatures = [
        [_head(_("The contract manager")), _head(_("The DG referent")),
         _head(_("For the direction"))],
        [_p(str(contract.manager), "cell"), _p(str(contract.referent), "cell"),
         _p(str(programme.coordinator), "cell")],
        [_p(blank, "small"), _p(blank, "small"), _p(blank, "small")],
    ]
    table = Table(signatures, colWidths=[CONTENT_WIDTH / 3] * 3,
                  rowHeights=[None, None, 70], style=TableStyle([
                      ("BOX", (0, 0), (-1, -1), 0.6, qms_pdf.RULE),
                      ("INNERGRID", (0, 0), (-1, -1), 0.4, qms_pdf.RULE),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                  ]))
    story.append(KeepTogether([table]))
    return story


def render_contract(contract: Contract) -> bytes:
    copy = ControlledCopy(
        reference=_("%(code)s — C%(number)s") % {"code": contract.programme.code.upper(),
                                                 "number": contract.number},
        title=str(contract), version=1 if contract.signed_on else None,
        approved_at=contract.signed_on)
    return render_pdf(contract_story(contract), copy, title=str(contract),
                      subject=_("Contract of the innovation & performance programme"))


# --- the quarterly steering pack ---------------------------------------------------------------
def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def steering_story(programme: InnovationProgramme) -> list:
    pack = selectors.steering_pack(programme)
    board = pack.dashboard
    today = board.today
    story = [
        _p(_("Steering pack — %(programme)s") % {"programme": programme.name}, "title"),
        _p(_("Quarterly steering committee, figures of %(date)s") % {
            "date": format_date(today)}, "note"),
        _p(_("The programme"), "h2"),
    ]
    figures = [
        (board.themes, _("themes")), (board.groups, _("working groups")),
        (board.meetings_held, _("meetings held")), (board.participants, _("participants")),
        (board.proposals, _("proposals")), (len(board.contracts), _("contracts")),
        (board.totals.total, _("actions")), (board.totals.done, _("actions done")),
        (board.totals.remaining, _("actions remaining")),
        (board.totals.late, _("actions late")), (board.totals.blocked, _("actions blocked")),
    ]
    cells = [[_head(str(value)), _p(label, "cell")] for value, label in figures]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
    story.append(Table([a + b for a, b in zip(left, right, strict=True)],
                       colWidths=[CONTENT_WIDTH * w for w in (0.1, 0.4, 0.1, 0.4)],
                       style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25,
                                          qms_pdf.RULE)])))

    # Budget consumption, per axis then per contract.
    story.append(_p(_("Budget consumption"), "h2"))
    rows = [[_head(_("Axis")), _head(_("Envelope allotted")), _head(_("Planned")),
             _head(_("Committed")), _head(_("Spent")), _head(_("Consumed"))]]
    for axis_row in board.axes:
        f = axis_row.figures
        rows.append([_p(str(axis_row.axis), "cell"), _num(_euros(f.programme_funds)),
                     _num(_euros(f.planned)), _num(_euros(f.committed)),
                     _num(_euros(f.spent)),
                     _num(f"{f.consumption} %" if f.consumption is not None else "—")])
    t = board.totals
    rows.append([_head(_("Programme")), _num(_euros(t.programme_funds)),
                 _num(_euros(t.planned)), _num(_euros(t.committed)), _num(_euros(t.spent)),
                 _num(f"{t.consumption} %" if t.consumption is not None else "—")])
    story.append(_table(rows, [0.28, 0.15, 0.15, 0.15, 0.15, 0.12], total=True))
    story.append(_p(_("Programme envelopes: operating %(operating)s (%(op_allotted)s "
                      "allotted), investment %(investment)s (%(inv_allotted)s allotted).") % {
        "operating": _euros(programme.operating_envelope),
        "op_allotted": _euros(t.programme_operating),
        "investment": _euros(programme.investment_envelope),
        "inv_allotted": _euros(t.programme_investment)}, "small"))
    groups = charts.budget_groups(board.axes)
    story += [charts.budget_chart(groups, width=CONTENT_WIDTH, height=220),
              _p(_("Budget planned, committed and spent per axis, in thousands of euros."),
                 "small")]

    # Every contract's progress.
    story.append(_p(_("Progress of the contracts"), "h2"))
    rows = [[_head(_("Contract")), _head(_("Manager")), _head(_("Deadline")),
             _head(_("Done / total")), _head(_("Late")), _head(_("Blocked")),
             _head(_("Spent / planned"))]]
    for row in board.contracts:
        c, f = row.contract, row.figures
        rows.append([_p(f"{c.number}. {c.title}", "cell"), _p(str(c.manager), "cell"),
                     _p(format_date(c.deadline), "cell"), _num(f"{f.done} / {f.total}"),
                     _num(str(f.late)), _num(str(f.blocked)),
                     _num(f"{_euros(f.spent)} / {_euros(f.planned)}")])
    story.append(_table(rows, [0.26, 0.16, 0.14, 0.1, 0.07, 0.08, 0.19]))
    bars = charts.actions_bars(board.contracts)
    for chunk in _chunks(bars, CHART_ROWS):
        story.append(charts.actions_chart(chunk, width=CONTENT_WIDTH))
    story.append(_p(_("Actions done and remaining per contract."), "small"))

    # Late and blocked actions, contract by contract.
    story.append(_p(_("Late and blocked actions"), "h2"))
    any_listed = False
    for row in board.contracts:
        c = row.contract
        late, blocked = pack.late.get(c.pk, []), pack.blocked.get(c.pk, [])
        if not late and not blocked:
            continue
        any_listed = True
        block = [_p(_("Contract %(number)s — %(title)s") % {"number": c.number,
                                                             "title": c.title}, "h3")]
        lines = [[_head(_("Action")), _head(_("Owner")), _head(_("Due date")),
                  _head(_("Situation"))]]
        seen = set()
        for funded in late + blocked:
            if funded.pk in seen:
                continue
            seen.add(funded.pk)
            action = funded.action
            situation = []
            if getattr(funded, "is_late", False):
                situation.append(_("late by %(days)s days") % {
                    "days": (today - action.due_date).days})
            if funded.is_blocked:
                situation.append(_("blocked: %(reason)s") % {"reason": funded.blocked_reason})
            lines.append([_p(f"{action.reference} {action.title}", "cell"),
                          _p(str(action.owner), "cell"),
                          _p(format_date(action.due_date), "cell"),
                          _p("; ".join(situation), "cell")])
        block.append(_table(lines, [0.37, 0.2, 0.15, 0.28]))
        story += block
    if not any_listed:
        story.append(_p(_("No action is late or blocked."), "note"))

    # Arbitrations needed.
    story.append(_p(_("Arbitrations needed"), "h2"))
    if pack.awaiting:
        rows = [[_head(_("Proposal")), _head(_("Theme")), _head(_("Awaiting")),
                 _head(_("Budget"))]]
        rows += [[_p(f"{p.reference} {p.title}", "cell"), _p(p.theme.title, "cell"),
                  _p(p.current_level.name if p.current_level else "—", "cell"),
                  _num(_euros(p.budget))] for p in pack.awaiting]
        story.append(_table(rows, [0.44, 0.24, 0.16, 0.16]))
    else:
        story.append(_p(_("No proposal awaits arbitration."), "note"))
    if pack.to_modify:
        story.append(_p(_("Sent back to their group for changes"), "h3"))
        story += [_p(f"• {p.reference} {p.title} ({p.theme.title})", "note")
                  for p in pack.to_modify]

    # The last committee's decisions.
    story.append(_p(_("Decisions of the last steering committee"), "h2"))
    if pack.last_committee is None:
        story.append(_p(_("No steering committee yet."), "note"))
    else:
        committee = pack.last_committee
        story.append(_p(f"{committee.title} — {format_date(committee.held_on)}", "h3"))
        if pack.last_decisions:
            for decision in pack.last_decisions:
                prefix = (_("Contract %(number)s: ") % {"number": decision.contract.number}
                          if decision.contract else _("Programme: "))
                story.append(_p(f"• {prefix}{decision.text}", "note"))
        else:
            story.append(_p(_("No decision recorded."), "note"))

    # The timeline.
    story.append(_p(_("Timeline"), "h2"))
    created_on = selectors.contracts_created_on(programme)
    timeline = charts.timeline_bars(board.contracts, created_on)
    for chunk in _chunks(timeline, CHART_ROWS):
        story.append(charts.timeline_chart(chunk, today=today, width=CONTENT_WIDTH))
    return story


def render_steering_pack(programme: InnovationProgramme) -> bytes:
    title = _("Steering pack — %(programme)s") % {"programme": programme.name}
    copy = ControlledCopy(reference=_("%(code)s — COPIL") % {"code": programme.code.upper()},
                          title=programme.name)
    return render_pdf(steering_story(programme), copy, title=title,
                      subject=_("Quarterly steering pack"))
