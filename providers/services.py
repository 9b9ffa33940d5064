"""Writes on the providers' register: providers, criteria and evaluations.
Keyword-only, validated (`full_clean`), atomic, the user kept in the history. Callers
acting for a person pass `check_permission=True` (providers.permissions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create
from qms.permissions import is_quality_engineer, service_ids_of
from qms.services import reject_unknown_fields as _unknown
from qms.services import require as _check
from qms.services import save_with_history as _save

from . import permissions
from .models import Evaluation, EvaluationCriterion, EvaluationScore, Provider, weighted_score

PROVIDER_FIELDS = {
    "kind", "siret", "contact_name", "contact_email", "contact_phone", "contract_reference",
    "contract_start", "contract_end", "criticality", "evaluation_interval_months",
    "next_evaluation_due", "is_active",
}
CRITERION_FIELDS = {"description", "weight", "order", "is_active"}
#: An action following an evaluation is due this many months later.
ACTION_MONTHS = 3


def _first_due(provider: Provider) -> datetime.date:
    start = provider.contract_start or timezone.localdate()
    return start + relativedelta(months=provider.evaluation_interval_months)


# --- providers ---------------------------------------------------------------------------------
@transaction.atomic
def provider_create(*, name: str, kind: str, services: Iterable, user=None,
                    check_permission: bool = False, **fields: Any) -> Provider:
    """Register a provider for one or more services. A pilot registers those of their
    services. Its first evaluation is due one interval after its contract starts."""
    _unknown("provider_create", fields, PROVIDER_FIELDS)
    services = list(services)
    provider = Provider(name=name, kind=kind, **fields)
    if not services:
        raise ValidationError({"services": _("Name at least one service concerned.")})
    if check_permission:
        provider._pending_service_ids = {s.pk for s in services}
        _check(permissions.can_edit_provider(user, provider),
               _("You may only register the providers of your services."))
    if provider.next_evaluation_due is None:
        provider.next_evaluation_due = _first_due(provider)
    _save(provider, user=user, reason=_("Creation"))
    provider._pending_service_ids = None
    provider.services.set(services)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, user=None, reason: str = "",
                    services: Iterable | None = None, check_permission: bool = False,
                    **fields: Any) -> Provider:
    """Change a provider; archive it with is_active=False. Changing its interval moves the
    next evaluation date accordingly."""
    _unknown("provider_update", fields, PROVIDER_FIELDS)
    if check_permission:
        _check(permissions.can_edit_provider(user, provider),
               _("You may only change the providers of your services."))
    for name, value in fields.items():
        setattr(provider, name, value)
    if "evaluation_interval_months" in fields and "next_evaluation_due" not in fields:
        provider.next_evaluation_due = (
            provider.last_evaluated_on + relativedelta(
                months=provider.evaluation_interval_months)
            if provider.last_evaluated_on else _first_due(provider))
    _save(provider, user=user, reason=reason)
    if services is not None:
        services = list(services)
        if not services:
            raise ValidationError({"services": _("Name at least one service concerned.")})
        if check_permission and not is_quality_engineer(user):
            _check({s.pk for s in services} & service_ids_of(user) != set(),
                   _("You may only change the providers of your services."))
        provider.services.set(services)
    return provider


# --- criteria ----------------------------------------------------------------------------------
@transaction.atomic
def criterion_create(*, name: str, user=None, check_permission: bool = False,
                     **fields: Any) -> EvaluationCriterion:
    _unknown("criterion_create", fields, CRITERION_FIELDS)
    if check_permission:
        _check(permissions.can_manage_criteria(user),
               _("Only the quality engineer keeps the evaluation criteria."))
    return _save(EvaluationCriterion(name=name, **fields), user=user, reason=_("Creation"))


# --- evaluations -------------------------------------------------------------------------------
def _score_errors(scores: list[dict], criteria: list[EvaluationCriterion]) -> list[str]:
    """Every problem of the score lines, each naming its criterion."""
    errors: list[str] = []
    given: dict[int, dict] = {}
    for line in scores:
        criterion = line.get("criterion")
        if not isinstance(criterion, EvaluationCriterion):
            errors.append(_("A score does not name its criterion."))
            continue
        if criterion.pk in given:
            errors.append(_("%(criterion)s: scored twice.") % {"criterion": criterion.name})
        given[criterion.pk] = line
        if not criterion.is_active:
            errors.append(_("%(criterion)s: this criterion is archived.")
                          % {"criterion": criterion.name})
        value = line.get("score")
        if value in (None, ""):
            continue  # reported below as missing
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= EvaluationScore.BEST:
            errors.append(_("%(criterion)s: choose a score of 1 to 4.")
                          % {"criterion": criterion.name})
    for criterion in criteria:
        line = given.get(criterion.pk)
        if line is None or line.get("score") in (None, ""):
            errors.append(_("%(criterion)s: give a score.") % {"criterion": criterion.name})
    return errors


@transaction.atomic
def evaluation_record(*, provider: Provider, evaluator, evaluated_on: datetime.date,
                      conclusion: str, scores: list[dict], user=None, comment: str = "",
                      period_start: datetime.date | None = None,
                      period_end: datetime.date | None = None,
                      check_permission: bool = False) -> Evaluation:
    """Record the evaluation of a provider: one line per active criterion
    ({"criterion", "score" 1–4, "comment"}). Everything is checked first: one bad or
    missing score and nothing is written, every bad score named. Computes the weighted
    score, sets the provider's last evaluation and its next one (+ its interval)."""
    if check_permission:
        _check(permissions.can_edit_provider(user, provider),
               _("You may only evaluate the providers of your services."))
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).order_by("order", "pk"))
    evaluation = Evaluation(provider=provider, evaluated_on=evaluated_on, evaluator=evaluator,
                            conclusion=conclusion, comment=(comment or "").strip(),
                            period_start=period_start, period_end=period_end)
    errors: list[str] = []
    if not provider.is_active:
        errors.append(_("This provider is archived: it is no longer evaluated."))
    if evaluated_on is None:
        errors.append(_("Give the date of the evaluation."))
    if evaluator is None:
        errors.append(_("Name the evaluator."))
    try:
        evaluation.full_clean(exclude=["evaluator"] if evaluator is None else None)
    except ValidationError as error:
        for messages in error.message_dict.values():
            errors.extend(m for m in messages if m not in errors)
    errors += _score_errors(list(scores), criteria)
    if errors:
        raise ValidationError(errors)

    weights = {c.pk: c.weight for c in criteria}
    lines = [(line["criterion"], int(line["score"]), (line.get("comment") or "").strip())
             for line in scores]
    score = weighted_score(
        (score, weights.get(criterion.pk, criterion.weight)) for criterion, score, _c in lines)
    evaluation.score = Decimal(str(score)) if score is not None else None
    evaluation.next_due = evaluated_on + relativedelta(
        months=provider.evaluation_interval_months)
    _save(evaluation, user=user, reason=_("Creation"))
    for criterion, score, line_comment in lines:
        _save(EvaluationScore(evaluation=evaluation, criterion=criterion, score=score,
                              weight=weights.get(criterion.pk, criterion.weight),
                              comment=line_comment), user=user)
    # Only a newer evaluation moves the cycle (an older one recorded late does not).
    if provider.last_evaluated_on is None or evaluated_on >= provider.last_evaluated_on:
        provider.last_evaluated_on = evaluated_on
        provider.next_evaluation_due = evaluation.next_due
        _save(provider, user=user, reason=_("Provider evaluation"))
    return evaluation


def _action_service(provider: Provider, user):
    services = list(provider.services.order_by("name"))
    mine = service_ids_of(user) if user is not None else set()
    for service in services:
        if service.pk in mine:
            return service
    return services[0] if services else getattr(user, "service", None)


@transaction.atomic
def evaluation_action_propose(*, evaluation: Evaluation, user,
                              check_permission: bool = False) -> Action:
    """Open an action in the action plan following an evaluation that did not simply
    approve the provider (one click on its page): corrective, owned by the user, due in
    three months; the open one is returned when it already has one."""
    provider = evaluation.provider
    if check_permission:
        _check(permissions.can_edit_provider(user, provider),
               _("You may only evaluate the providers of your services."))
    existing = Action.objects.for_source(evaluation).open().first()
    if existing is not None:
        return existing
    if evaluation.conclusion == Evaluation.Conclusion.APPROVED:
        raise ValidationError(_("This provider was approved: no action is needed."))
    title = (_("Replace the provider %(provider)s")
             if evaluation.conclusion == Evaluation.Conclusion.REPLACE
             else _("Improve the service of %(provider)s")) % {"provider": provider.name}
    return action_create(
        source=evaluation, kind=Action.Kind.CORRECTIVE, title=title[:255],
        description=evaluation.comment, owner=user, service=_action_service(provider, user),
        due_date=timezone.localdate() + relativedelta(months=ACTION_MONTHS), user=user,
    )
