"""The building blocks of the review snapshots (the data a management or process review
keeps of each §9.3.2 section; format described at the top of reviews/inputs.py).

They live in the shared core so that the modules compiling a section (audits,
feedback…) build it exactly as reviews does, without importing reviews."""

from __future__ import annotations

import datetime


def figure(label, value) -> dict:
    return {"label": str(label), "value": value}


def table(title, columns, rows, *, more_url: str = "") -> dict:
    """A table; the review keeps its first rows (put the most telling first) and links
    `more_url` for the rest."""
    return {"title": str(title), "columns": [str(c) for c in columns], "rows": rows,
            "more_url": more_url}


def row(*cells, url: str = "") -> dict:
    return {"cells": ["" if c is None else str(c) for c in cells], "url": url}


def chart(title, labels, series, unit: str = "") -> dict | None:
    """A bar chart: `series` is [(name, values)]. None when there is nothing to draw."""
    if not labels or not any(any(values) for _name, values in series):
        return None
    return {"title": str(title), "unit": unit, "labels": [str(label) for label in labels],
            "series": [{"name": str(name), "values": [float(v or 0) for v in values]}
                       for name, values in series]}


def short_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
