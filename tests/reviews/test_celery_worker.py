"""A management review compiled by a real Celery worker over Redis, its progress read
from another connection as the page does (run by .ci/run against PostgreSQL)."""

import datetime

from reviews import services
from reviews.models import CompileState, ManagementReview, Section
from tests import factories as f
from tests.worker import needs_real_broker, wait_for

pytestmark = needs_real_broker


def test_review_compiles_through_the_worker(worker, intranet_structure):
    quality = f.quality_engineer(username="qualite-rw",
                                 service=f.ServiceFactory(code="dgs-rw"))
    review = services.review_create(
        title="Revue de direction 2025", period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), user=quality)
    # Autocommit: the task is sent when the service's transaction commits.
    services.review_compile_start(review=review, user=quality)

    def state():
        return ManagementReview.objects.values_list("compile_state", flat=True).get(
            pk=review.pk)

    assert wait_for(lambda: state() == CompileState.IDLE, timeout=60)
    review.refresh_from_db()
    assert review.compile_done == len(Section.values)
    assert review.compiled_at is not None
    assert not review.inputs.filter(compiled_at__isnull=True).exists()
