import pytest

from actions.models import Action
from qms.references import next_reference
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_first_reference_of_the_year_is_padded():
    ActionFactory(reference="ACT-2025-0412")
    assert next_reference(Action.objects, "ACT-2026-", 4) == "ACT-2026-0001"


def test_next_reference_follows_the_highest_number():
    for number in (1, 2, 17):
        ActionFactory(reference=f"ACT-2026-{number:04d}")
    assert next_reference(Action.objects, "ACT-2026-", 4) == "ACT-2026-0018"


def test_numbers_past_the_padding_keep_counting():
    """ACT-2026-9999 is followed by 10000, and 10000 by 10001 (not by 10000 again, as
    when "9999" sorted after "10000" as text)."""
    ActionFactory(reference="ACT-2026-9999")
    assert next_reference(Action.objects, "ACT-2026-", 4) == "ACT-2026-10000"
    ActionFactory(reference="ACT-2026-10000")
    assert next_reference(Action.objects, "ACT-2026-", 4) == "ACT-2026-10001"
