"""Writes on the readiness matrix: declarations on a clause, documents linked to a clause,
gaps turned into actions, and the readiness scores. Keyword-only, validated
(`full_clean`), atomic, the user kept in the history; given the acting user with
`check_permission=True`, they refuse what readiness.permissions does not allow."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from actions.models import Action
from actions.services import action_create
from audits.models import Criterion
from qms.models import Service
from qms.services import require as _check

from . import permissions, selectors
from .models import (
    ClauseAssessment,
    ClauseRule,
    DocumentClause,
    GapAction,
    ReadinessScore,
    gap_key,
)

#: An action opened from a gap is due this many days later, unless told otherwise.
ACTION_DAYS = 60


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _save(instance, *, user, reason: str = ""):
    instance.full_clean()
    instance._history_user = _user(user)
    if reason:
        instance._change_reason = reason[:100]
    instance.save()
    return instance


# --- clause rules --------------------------------------------------------------------------
@transaction.atomic
def clause_rule_update(*, rule: ClauseRule, user=None, evidence_kinds: list[str] | None = None,
                       guidance: str | None = None, check_permission: bool = False
                       ) -> ClauseRule:
    if check_permission:
        _check(permissions.can_edit_rules(user),
               _("Only the quality engineer changes the clause rules."))
    if evidence_kinds is not None:
        rule.evidence_kinds = list(evidence_kinds)
    if guidance is not None:
        rule.guidance = guidance
    return _save(rule, user=user)


# --- declarations --------------------------------------------------------------------------
@transaction.atomic
def assessment_declare(*, service: Service, criterion: Criterion, status: str,
                       justification: str, user=None, check_permission: bool = False
                       ) -> ClauseAssessment:
    """Declare a clause not applicable to the service, or covered by what the
    justification says (a justification is required); a new declaration replaces the
    previous one (kept in the history)."""
    if check_permission:
        _check(permissions.can_act(user, service),
               _("You may only assess the clauses of your services."))
    assessment = (ClauseAssessment.objects.select_for_update()
                  .filter(service=service, criterion=criterion).first()
                  or ClauseAssessment(service=service, criterion=criterion))
    assessment.status = status
    assessment.justification = (justification or "").strip()
    assessment.assessed_by = _user(user)
    assessment.assessed_at = timezone.now()
    return _save(assessment, user=user, reason=_("Declaration"))


# --- documents linked to clauses ------------------------------------------------------------
def linkable_documents(service: Service, service_ids=None):
    """The published controlled documents of the service (and those under it)."""
    from documents.models import ControlledDocumentPage

    ids = service_ids if service_ids is not None else selectors.service_ids(service)
    return (ControlledDocumentPage.objects.live()
            .filter(owner_service__in=ids).order_by("reference"))


@transaction.atomic
def document_link(*, service: Service, criterion: Criterion, page: Page, user=None,
                  check_permission: bool = False) -> DocumentClause:
    """Link a published document of the service to a clause (idempotent)."""
    if check_permission:
        _check(permissions.can_act(user, service),
               _("You may only link the documents of your services."))
    if not linkable_documents(service).filter(pk=page.pk).exists():
        raise ValidationError({"page": _(
            "Choose a published document of the service.")})
    existing = DocumentClause.objects.filter(page=page, criterion=criterion).first()
    if existing:
        return existing
    return _save(DocumentClause(page_id=page.pk, criterion=criterion,
                                created_by=_user(user)), user=user, reason=_("Creation"))


# --- gaps turned into actions ---------------------------------------------------------------
@transaction.atomic
def gap_action_create(*, service: Service, criterion: Criterion, gap: str, user,
                      kind: str = Action.Kind.IMPROVEMENT, owner=None,
                      due_date: datetime.date | None = None, check_permission: bool = False,
                      verify: bool = True) -> GapAction:
    """Turn a gap of the service's matrix into an action of the action plan (source: the
    clause; title: the gap; due in 60 days). Idempotent: a gap already turned into an
    action returns it (a cancelled action is replaced by a new one). With `verify`, the
    gap must be one the matrix shows today."""
    if check_permission:
        _check(permissions.can_act(user, service),
               _("You may only open actions for the gaps of your services."))
    gap = (gap or "").strip()
    if kind not in (Action.Kind.IMPROVEMENT, Action.Kind.PREVENTIVE):
        raise ValidationError({"kind": _("A gap calls for an improvement or a preventive "
                                         "action.")})
    # The same gap, whatever its figures say today (« depuis 7 mois » → « 8 mois »).
    existing = next((
        candidate for candidate in GapAction.objects.select_for_update()
        .select_related("action").filter(service=service, criterion=criterion)
        .order_by("-created_at", "-pk")
        if gap_key(candidate.gap) == gap_key(gap)), None)
    if existing and existing.action.status != Action.Status.CANCELLED:
        return existing
    if verify and not existing:
        line = selectors.build_matrix(service=service, standard=criterion.standard
                                      ).line_for(criterion.pk)
        if line is None or gap not in [g.message for g in line.gaps]:
            raise ValidationError({"gap": _("This gap is no longer in the matrix: "
                                            "reload the page.")})
    action = action_create(
        source=criterion, title=gap[:255], kind=kind, owner=owner or user, service=service,
        due_date=due_date or timezone.localdate() + datetime.timedelta(days=ACTION_DAYS),
        description=_("Gap of the certification readiness matrix (%(clause)s — %(title)s): "
                      "%(gap)s") % {"clause": criterion.label, "title": criterion.title,
                                    "gap": gap},
        user=user, check_permission=check_permission,
    )
    if existing:
        existing.action, existing.gap = action, gap[:500]
        return _save(existing, user=user, reason=_("Action cancelled: new action"))
    return _save(GapAction(service=service, criterion=criterion, gap=gap[:500],
                           action=action, created_by=_user(user)),
                 user=user, reason=_("Creation"))


# --- scores --------------------------------------------------------------------------------
@transaction.atomic
def score_record(*, matrix: selectors.Matrix) -> ReadinessScore:
    """Keep the matrix's score as the service's last score for the standard. The row
    changes (and gets a history entry) only when a figure changed or on a new day."""
    from qms.evidence import Coverage

    values = {
        "score": matrix.score,
        "covered": matrix.count(Coverage.COVERED),
        "partly": matrix.count(Coverage.PARTLY),
        "missing": matrix.count(Coverage.MISSING),
        "not_applicable": matrix.count(Coverage.NOT_APPLICABLE),
    }
    now = timezone.now()
    score = ReadinessScore.objects.filter(service=matrix.service,
                                          standard=matrix.standard).first()
    if score is None:
        score = ReadinessScore(service=matrix.service, standard=matrix.standard)
    elif (all(getattr(score, name) == value for name, value in values.items())
          and timezone.localdate(score.computed_at) == timezone.localdate(now)):
        return score
    for name, value in values.items():
        setattr(score, name, value)
    score.computed_at = now
    score._history_user = None
    score.save()
    return score


def scores_refresh(*, services=None, standards=None, today=None) -> int:
    """Compute the matrix of every active service for every standard with clauses and
    keep the scores (nightly). Returns the number of scores kept."""
    services = list(services if services is not None
                    else Service.objects.filter(is_active=True).order_by("name"))
    standards = list(standards if standards is not None else selectors.standards())
    count = 0
    for service in services:
        for standard in standards:
            score_record(matrix=selectors.build_matrix(service=service, standard=standard,
                                                       today=today))
            count += 1
    return count
