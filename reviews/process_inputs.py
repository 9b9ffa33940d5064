"""The inputs of a process review: the process's indicators (c3, c5), its risks and
opportunities with their treatment actions (e), and the open actions of its owner
service — the same blocks as a management review section (reviews/inputs.py)."""

from __future__ import annotations

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .inputs import _date, chart, figure, row, section_data, summarise, table


def compile_process(process, *, start, end) -> dict:
    from actions.models import Action
    from indicators.models import Indicator
    from indicators.selectors import format_share, judged_rows
    from indicators.status import Status as IndicatorStatus
    from indicators.status import attainment
    from processes.models import Risk

    year = end.year
    today = timezone.localdate()
    rows = judged_rows(
        Indicator.objects.filter(is_active=True, processes=process).order_by("code"), year)
    counts = Counter(r.status for r in rows)
    risks = list(Risk.objects.active().filter(sheet__process=process).order_by("reference"))
    risks.sort(key=lambda r: -(r.residual_criticality or r.criticality))
    risk_actions = Action.objects.filter(
        source_content_type=ContentType.objects.get_for_model(Risk),
        source_object_id__in=[r.pk for r in risks],
    )
    open_actions = list(
        Action.objects.open().filter(service_id=process.service_id)
        .select_related("owner").order_by("due_date", "reference")
    ) if process.service_id else []
    labels = dict(IndicatorStatus.choices)
    data = section_data(
        figures=[
            figure(_("Indicators"), len(rows)),
            figure(_("Indicators on target"), format_share(attainment(r.status for r in rows))),
            figure(_("Risks and opportunities"), len(risks)),
            figure(_("Treatment actions"), risk_actions.count()),
            figure(_("Treatment actions done"),
                   risk_actions.filter(status=Action.Status.DONE).count()),
            figure(_("Open actions of the service"), len(open_actions)),
            figure(_("Late"), sum(1 for a in open_actions if a.due_date < today)),
        ],
        tables=[
            table(_("Indicators (%(year)s)") % {"year": year},
                  [_("Code"), _("Indicator"), _("Latest value"), _("Target"), _("Status")],
                  [row(r.indicator.code, r.indicator.title, r.latest_display,
                       r.target_display, r.status_label,
                       url=reverse("indicators:indicator_detail", args=[r.indicator.code]))
                   for r in rows], more_url=process.get_absolute_url()),
            table(_("Risks and opportunities"),
                  [_("Reference"), _("Risk or opportunity"), _("Initial criticality"),
                   _("Residual criticality")],
                  [row(r.reference, r.title, r.criticality, r.residual_criticality or "—",
                       url=reverse("processes:risk_sheet", args=[r.sheet_id]))
                   for r in risks],
                  more_url=reverse("processes:risk_register") + f"?process={process.pk}"),
            table(_("Open actions of the service"),
                  [_("Reference"), _("Action"), _("Owner"), _("Due date"), _("Status")],
                  [row(a.reference, a.title, a.owner, _date(a.due_date),
                       a.get_status_display(),
                       url=reverse("actions:detail", kwargs={"pk": a.pk}))
                   for a in open_actions],
                  more_url=reverse("actions:service_plan", args=[process.service_id])
                  if process.service_id else ""),
        ],
        chart=chart(_("Indicators by status in %(year)s") % {"year": year},
                    [labels[k] for k in IndicatorStatus.values],
                    [(_("Indicators"), [counts.get(k, 0) for k in IndicatorStatus.values])]),
    )
    data["tables"] = [summarise(t) for t in data["tables"]]
    return data
