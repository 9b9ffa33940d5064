"""Helpers for the tests of the evidence finders: the context of a service, dates, and the
few records no other app's factories make (published documents, measurements, survey
answers, context rows). Records are saved directly: the rules of each app are tested
in its own folder; here only what the finders read matters."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from qms.evidence import EvidenceContext
from qms.models import Service
from tests import factories as f


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def months_ago(months: int) -> datetime.date:
    return today() - relativedelta(months=months)


def context_for(service, *, standard=None, criteria=(), on=None) -> EvidenceContext:
    ids = frozenset(Service.objects.filter(pk=service.pk).with_descendants()
                    .values_list("pk", flat=True))
    return EvidenceContext(service=service, service_ids=ids, standard=standard,
                           criteria=list(criteria), today=on or today())


def queries(finder, ctx, limit, django_assert_max_num_queries) -> int:
    """How many queries the finder runs (at most `limit`), its caches warmed first."""
    finder(ctx)
    with django_assert_max_num_queries(limit) as captured:
        finder(ctx)
    return len(captured)


# --- documents ------------------------------------------------------------------------------
def live_document(library, *, service, author, reference, model=None, review_due=None,
                  **fields):
    """A controlled document of `service`, live as if published (version 1, approved a
    month ago, review due in a year unless told)."""
    from documents.models import ControlledDocumentPage

    page = f.make_document(library, model, owner_service=service, author=author,
                           reference=reference, **fields)
    ControlledDocumentPage.objects.filter(pk=page.pk).update(
        live=True, version=1, approved_at=timezone.now() - datetime.timedelta(days=30),
        next_review_date=review_due or today() + datetime.timedelta(days=365),
    )
    return type(page).objects.get(pk=page.pk)


def process_sheet(library, *, service, author, reference, **fields):
    from documents.models import ProcessSheetPage

    fields.setdefault("family", ProcessSheetPage.Family.REALISATION)
    return live_document(library, model=ProcessSheetPage, service=service, author=author,
                         reference=reference, **fields)


# --- context --------------------------------------------------------------------------------
def issue(title, *, reviewed=None, processes=(), **fields):
    from processes.models import ContextIssue

    fields.setdefault("kind", ContextIssue.Kind.EXTERNAL)
    fields.setdefault("category", ContextIssue.Category.SOCIAL)
    row = ContextIssue.objects.create(title=title, last_reviewed_at=reviewed, **fields)
    row.processes.set(processes)
    return row


def party(name, *, reviewed=None, processes=(), **fields):
    from processes.models import InterestedParty

    fields.setdefault("category", InterestedParty.Category.CITIZENS)
    fields.setdefault("needs_and_expectations", "Un accueil rapide")
    row = InterestedParty.objects.create(name=name, last_reviewed_at=reviewed, **fields)
    row.processes.set(processes)
    return row


# --- indicators -----------------------------------------------------------------------------
def measure(indicator, period, value=90):
    from indicators.models import Measurement

    return Measurement.objects.create(
        indicator=indicator, period=period.label, period_start=period.start, value=value,
        origin=Measurement.Origin.MANUAL,
    )


def last_period(frequency):
    from indicators.models import Period

    return Period.last_closed(today(), frequency)


# --- feedback -------------------------------------------------------------------------------
def answers(survey, count=1):
    from feedback.models import SurveyResponse

    start = SurveyResponse.objects.count()
    for n in range(count):
        SurveyResponse.objects.create(survey=survey, submission_key=f"key-{start + n:020d}")
    return survey
