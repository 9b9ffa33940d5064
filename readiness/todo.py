"""The readiness matrix's part of the to-do list: for a pilot, each standard of their
services whose matrix has open gaps (last score computed) — the standards the service is
certified for or prepares when it has certifications, every standard otherwise (one
query)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms import roles
from qms.permissions import service_ids_of
from qms.todo import LIMIT, TodoItem


def open_gaps(user) -> list[TodoItem]:
    from .models import ReadinessScore

    if not user.is_authenticated or not roles.user_has_role(user, roles.PILOT):
        return []
    scores = (ReadinessScore.objects
              .filter(service__in=service_ids_of(user), service__is_active=True)
              .exclude(partly=0, missing=0)
              .select_related("service", "standard").order_by("service__name",
                                                              "standard__name"))
    try:
        from certification.models import Certification
    except ImportError:  # pragma: no cover - the certification app is optional here
        pass
    else:
        covering = Certification.objects.filter(is_active=True).filter(
            Q(services=OuterRef("service_id")) | Q(services=OuterRef("service__parent_id")))
        scores = scores.annotate(
            targeted=Exists(covering.filter(standard=OuterRef("standard_id"))),
            certified=Exists(covering),
        ).filter(Q(targeted=True) | Q(certified=False))
    items = []
    for score in scores[:LIMIT]:
        gaps = score.partly + score.missing
        items.append(TodoItem(
            category=_("Certification readiness gaps"),
            title=ngettext("%(standard)s: %(count)s clause to complete",
                           "%(standard)s: %(count)s clauses to complete", gaps) % {
                "standard": score.standard.name, "count": gaps},
            url=reverse("readiness:matrix", args=[score.service.code, score.standard.code]),
            detail=score.service.name,
        ))
    return items
