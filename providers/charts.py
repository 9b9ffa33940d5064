"""The provider's score history, drawn as an inline, accessible SVG line chart (scores
in % over the evaluation dates, the 0/50/75/100 % marks as guides, each point coloured by
its conclusion)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .models import Evaluation

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 34
COLOURS = {
    Evaluation.Conclusion.APPROVED: "#1d6b2f",
    Evaluation.Conclusion.WATCH: "#8a5300",
    Evaluation.Conclusion.REPLACE: "#a4161a",
}


def _n(value: float) -> str:
    return f"{value:.1f}"


def _y(score: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100)


def score_chart(evaluations) -> str:
    """`evaluations`: the provider's evaluations (any order). '' when none is scored."""
    points = sorted(
        ((e.evaluated_on, float(e.score), e.conclusion, e.get_conclusion_display())
         for e in evaluations if e.score is not None),
        key=lambda p: p[0])
    if not points:
        return ""
    span = max(1, len(points) - 1)
    plot = WIDTH - LEFT - RIGHT
    xs = [LEFT + plot * (i / span if len(points) > 1 else 0.5) for i in range(len(points))]
    guides = format_html_join("", (
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c5ccd3" stroke-dasharray="4 3"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#3d4852">{} %</text>'), (
        (LEFT, WIDTH - RIGHT, _n(_y(v)), _n(_y(v)), LEFT - 6, _n(_y(v) + 4), v)
        for v in (0, 50, 75, 100)))
    line = " ".join(f"{x:.1f},{_y(p[1]):.1f}" for x, p in zip(xs, points, strict=True))
    dots = format_html_join("", (
        '<g><circle cx="{}" cy="{}" r="5" fill="{}"><title>{} — {} % — {}</title></circle>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#3d4852">{}</text>'
        '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#1b2430">{}</text>'
        '</g>'), (
        (_n(x), _n(_y(score)), COLOURS.get(conclusion, "#0b4f8a"), on.strftime("%d/%m/%Y"),
         f"{score:g}", label, _n(x), HEIGHT - 12, on.strftime("%m/%Y"), _n(x),
         _n(_y(score) - 9), f"{score:g}")
        for x, (on, score, conclusion, label) in zip(xs, points, strict=True)))
    description = "; ".join(f"{on:%d/%m/%Y} : {score:g} %" for on, score, *_r in points)
    return format_html(
        '<svg class="prv-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="prv-chart-t '
        'prv-chart-d" width="100%" preserveAspectRatio="xMinYMin meet"><title id="prv-chart-t">'
        '{}</title><desc id="prv-chart-d">{}</desc>{}<polyline points="{}" fill="none" '
        'stroke="#0b4f8a" stroke-width="2"/>{}</svg>',
        WIDTH, HEIGHT, _("Score at each evaluation (%)"), description, guides, line, dots,
    )
