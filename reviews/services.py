"""Writes on the management reviews and the process reviews. The back office, the
intranet pages, the tasks and the demo call these, so the rules hold everywhere:

* only the quality engineer prepares and validates a management review (a pilot also
  prepares the process reviews of their services);
* a validated review is frozen: compiling, commenting, deciding or changing a field is
  refused with FROZEN_MESSAGE, and its snapshots stay as they were compiled.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create

from . import inputs
from .models import (
    FROZEN_MESSAGE,
    CompileState,
    ManagementReview,
    ProcessReview,
    ReviewDecision,
    ReviewInput,
    Section,
    Status,
)
from .permissions import can_edit_process_review, can_edit_review

#: Fields review_update may change.
REVIEW_FIELDS = {"title", "period_start", "period_end", "held_on", "place",
                 "external_participants", "minutes"}


def _save(obj, *, user, reason: str):
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save()
    return obj


def _locked(review):
    """Lock the review's row and reload the caller's instance: a service never saves
    stale fields over a concurrent change (or over its own earlier call)."""
    type(review).objects.select_for_update().filter(pk=review.pk).exists()
    review.refresh_from_db()
    return review


def _check_editable(review, user) -> None:
    """Refuse a validated review first (whoever asks), then a user who may not write."""
    if review.pk and (review.is_validated or review.stored_is_validated()):
        raise ValidationError(FROZEN_MESSAGE)
    if isinstance(review, ProcessReview):
        if not can_edit_process_review(user, review):
            raise PermissionDenied(_("You may not change this process review."))
    elif not can_edit_review(user, review):
        raise PermissionDenied(_("Only the quality engineer prepares management reviews."))


# --- management reviews ---------------------------------------------------------------------
@transaction.atomic
def review_create(*, title: str, period_start: datetime.date, period_end: datetime.date,
                  user, participants=(), **fields) -> ManagementReview:
    if not can_edit_review(user):
        raise PermissionDenied(_("Only the quality engineer prepares management reviews."))
    unknown = set(fields) - REVIEW_FIELDS
    if unknown:
        raise TypeError(f"review_create() got unexpected fields: {', '.join(sorted(unknown))}")
    review = ManagementReview(title=title, period_start=period_start, period_end=period_end,
                              created_by=user, **fields)
    _save(review, user=user, reason="Création")
    review.participants.set(participants)
    ReviewInput.objects.bulk_create(
        ReviewInput(review=review, section=key) for key in Section.values
    )
    return review


@transaction.atomic
def review_update(*, review: ManagementReview, user, participants=None,
                  **fields) -> ManagementReview:
    _locked(review)
    _check_editable(review, user)
    unknown = set(fields) - REVIEW_FIELDS
    if unknown:
        raise TypeError(f"review_update() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(review, name, value)
    _save(review, user=user, reason="Mise à jour")
    if participants is not None:
        review.participants.set(participants)
    return review


def _inputs_of(review) -> dict[str, ReviewInput]:
    existing = {i.section: i for i in review.inputs.all()}
    missing = [ReviewInput(review=review, section=key) for key in Section.values
               if key not in existing]
    for item in ReviewInput.objects.bulk_create(missing):
        existing[item.section] = item
    return existing


@transaction.atomic
def review_compile(*, review: ManagementReview, user, sections: list[str] | None = None,
                   finish: bool = True) -> ManagementReview:
    """Compile every §9.3.2 section (or those given) from the data of the review's period,
    keeping the comments; with `finish`, date the compilation and put a draft review into
    preparation."""
    _locked(review)
    _check_editable(review, user)
    now = timezone.now()
    by_section = _inputs_of(review)
    for key in Section.values if sections is None else sections:
        item = by_section[key]
        item.snapshot = inputs.compile(key, start=review.period_start, end=review.period_end)
        item.compiled_at = now
        _save(item, user=user, reason="Compilation")
    if not finish:
        return review
    review.compiled_at = now
    if review.status == Status.DRAFT:
        review.status = Status.PREPARATION
    return _save(review, user=user, reason="Compilation des données d'entrée")


#: A compilation still "running" after this long is taken as lost (its worker died).
COMPILE_TIMEOUT = datetime.timedelta(minutes=15)


@transaction.atomic
def review_compile_start(*, review: ManagementReview, user) -> ManagementReview:
    """Start compiling the review's inputs in the background, one section at a time
    (reviews.tasks.review_compile_sections); the page follows its progress."""
    _locked(review)
    _check_editable(review, user)
    if review.is_compiling and review.compile_started_at and (
            timezone.now() - review.compile_started_at < COMPILE_TIMEOUT):
        raise ValidationError(_("The inputs are being compiled already; the page shows "
                                "the progress."))
    ManagementReview.objects.filter(pk=review.pk).update(
        compile_state=CompileState.RUNNING, compile_done=0, compile_started_at=timezone.now())
    review.refresh_from_db()

    from .tasks import review_compile_sections

    transaction.on_commit(lambda: review_compile_sections.delay(review.pk, user.pk))
    return review


def review_compile_run(*, review_id: int, user) -> ManagementReview:
    """Compile every section of the review, each in its own transaction, counting the
    sections done so the page can show the progress; the state says how it ended."""
    reviews = ManagementReview.objects.filter(pk=review_id)
    try:
        for key in Section.values:
            review_compile(review=reviews.get(), user=user, sections=[key], finish=False)
            reviews.update(compile_done=models.F("compile_done") + 1)
        review_compile(review=reviews.get(), user=user, sections=[])
    except Exception:
        reviews.update(compile_state=CompileState.FAILED)
        raise
    reviews.update(compile_state=CompileState.IDLE)
    return reviews.get()


@transaction.atomic
def review_comment_section(*, review: ManagementReview, section: str, comment: str,
                           user) -> ReviewInput:
    _check_editable(review, user)
    if section not in Section.values:
        raise ValidationError({"section": _("Unknown section of the review.")})
    item = _inputs_of(review)[section]
    item.comment = (comment or "").strip()
    return _save(item, user=user, reason="Commentaire")


def _decide(*, parent, kind: str, text: str, owner, service, due_date, user,
            title: str = "") -> ReviewDecision:
    _check_editable(parent, user)
    field = "review" if isinstance(parent, ManagementReview) else "process_review"
    decision = ReviewDecision(kind=kind, text=(text or "").strip(), owner=owner,
                              service=service, due_date=due_date, **{field: parent})
    _save(decision, user=user, reason="Décision")
    label = title.strip() or str(decision)
    action_create(
        title=label[:255], kind=Action.Kind.IMPROVEMENT, owner=owner, service=service,
        due_date=due_date, user=user, source=decision, description=decision.text,
    )
    return decision


@transaction.atomic
def review_decide(*, review: ManagementReview, kind: str, text: str, owner, service,
                  due_date: datetime.date, user, title: str = "") -> ReviewDecision:
    """Record an output of the review (§9.3.3) and the action that carries it out in the
    action plan (attached to the decision)."""
    return _decide(parent=review, kind=kind, text=text, owner=owner, service=service,
                   due_date=due_date, user=user, title=title)


@transaction.atomic
def decision_update(*, decision: ReviewDecision, user, **fields) -> ReviewDecision:
    _check_editable(decision.parent, user)
    allowed = {"kind", "text", "owner", "service", "due_date"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"decision_update() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(decision, name, value)
    return _save(decision, user=user, reason="Mise à jour")


def _held_and_compiled_errors(review) -> list[str]:
    """What a management or process review lacks to be validated: its compiled inputs
    and a past date held."""
    errors = []
    if review.compiled_at is None:
        errors.append(_("Compile the inputs before validating the review."))
    if review.held_on is None:
        errors.append(_("Give the date the review was held before validating it."))
    elif review.held_on > timezone.localdate():
        errors.append(_("A review cannot be validated before it is held."))
    return errors


@transaction.atomic
def review_validate(*, review: ManagementReview, user) -> ManagementReview:
    """Validate the review (the quality engineer, recording the direction's participants):
    from now on it is frozen, its snapshots kept as compiled."""
    _locked(review)
    _check_editable(review, user)
    errors = _held_and_compiled_errors(review)
    if not review.participants.exists() and not review.external_participant_list():
        errors.append(_("Record the participants before validating the review."))
    if errors:
        raise ValidationError(errors)
    review.status = Status.VALIDATED
    review.validated_by = user
    review.validated_at = timezone.now()
    return _save(review, user=user, reason="Validation")


# --- process reviews --------------------------------------------------------------------------
@transaction.atomic
def process_review_create(*, process, period_start, period_end, user, participants=(),
                          held_on=None, comment: str = "") -> ProcessReview:
    if not can_edit_process_review(user, process=process):
        raise PermissionDenied(_("You may not prepare the reviews of this process."))
    review = ProcessReview(process=process, period_start=period_start,
                           period_end=period_end, held_on=held_on, comment=comment)
    _save(review, user=user, reason="Création")
    review.participants.set(participants)
    return review


@transaction.atomic
def process_review_compile(*, review: ProcessReview, user) -> ProcessReview:
    """The process's indicators, risks and actions for the period, frozen on validation."""
    from .process_inputs import compile_process

    _locked(review)
    _check_editable(review, user)
    review.snapshot = compile_process(review.process, start=review.period_start,
                                      end=review.period_end)
    review.compiled_at = timezone.now()
    if review.status == Status.DRAFT:
        review.status = Status.PREPARATION
    return _save(review, user=user, reason="Compilation")


@transaction.atomic
def process_review_update(*, review: ProcessReview, user, **fields) -> ProcessReview:
    _locked(review)
    _check_editable(review, user)
    allowed = {"period_start", "period_end", "held_on", "comment", "conclusions"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"process_review_update() got unexpected fields: "
                        f"{', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(review, name, value)
    return _save(review, user=user, reason="Mise à jour")


@transaction.atomic
def process_review_decide(*, review: ProcessReview, kind: str, text: str, owner, service,
                          due_date, user, title: str = "") -> ReviewDecision:
    return _decide(parent=review, kind=kind, text=text, owner=owner, service=service,
                   due_date=due_date, user=user, title=title)


@transaction.atomic
def process_review_validate(*, review: ProcessReview, user) -> ProcessReview:
    _locked(review)
    _check_editable(review, user)
    errors = _held_and_compiled_errors(review)
    if errors:
        raise ValidationError(errors)
    review.status = Status.VALIDATED
    review.validated_by = user
    review.validated_at = timezone.now()
    return _save(review, user=user, reason="Validation")
