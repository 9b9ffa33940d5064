"""The reviews' demo, on top of the organisation, the processes and the risks (the
documents' approval workflow and the indicators' years of values are left out)."""

import io

import pytest
from django.db import transaction
from django.test.utils import override_settings

from actions.models import Action
from documents import demo as documents_demo
from qms import demo as registry
from reviews import demo as reviews_demo
from reviews.models import ManagementReview, ProcessReview, Section, Status


def test_registered_after_the_modules_it_compiles():
    """The reviews' demo compiles the inputs from every module's demo, so it runs after
    them all; only the readiness demo, which reads the reviews, runs after it."""
    names = [entry.name for entry in registry.registered()]
    assert names[names.index("reviews") + 1:] == ["readiness"]
    assert names.index("actions") < names.index("reviews")


def test_refused_without_the_organisation(db):
    with pytest.raises(registry.DemoRefused):
        reviews_demo.load_demo()


def test_last_year_validated_and_this_year_in_preparation(db, settings):
    out = io.StringIO()
    with override_settings(DEBUG=True, EMAIL_BACKEND=(
            "django.core.mail.backends.dummy.EmailBackend")), transaction.atomic():
        people = documents_demo._Loader(out.write)
        people.load_organisation()
        people.load_people()
        loaders = {entry.name: entry for entry in registry.registered()}
        for name in ("processes", "risks"):
            loaders[name].resolve()(stdout=out)
        result = reviews_demo.load_demo(stdout=out)
        again = reviews_demo.load_demo(stdout=out)
    assert again["created"] == []
    reviews = list(ManagementReview.objects.order_by("period_end"))
    assert [r.status for r in reviews] == [Status.VALIDATED, Status.PREPARATION]
    last, this = reviews
    assert last.inputs.count() == len(Section.values)
    assert all(i.compiled_at for i in last.inputs.all())
    assert last.decisions.count() == 3
    actions = Action.objects.filter(source_object_id__in=last.decisions.values("pk"),
                                    source_content_type__model="reviewdecision")
    assert actions.count() == 3 and actions.filter(status=Action.Status.DONE).exists()
    previous = {f["label"]: f["value"] for f in this.inputs.get(section="a").snapshot["figures"]}
    assert previous["Actions"] == 3
    assert ProcessReview.objects.filter(status=Status.VALIDATED).count() == 1
    import time

    from reviews.pdf import render_review_pack

    started = time.perf_counter()
    assert render_review_pack(last).startswith(b"%PDF")
    print(f"\nreview_compile on the demo: {result['compile_seconds']:.3f} s; "
          f"review pack PDF: {time.perf_counter() - started:.3f} s")
