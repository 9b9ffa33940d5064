"""Every rule of metrology.permissions."""

import pytest

from metrology import permissions as p
from tests.metrology.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(etat_civil):
    return ResourceFactory(name="Balance état civil", service=etat_civil)


def test_quality_engineer_everything(people, ticketing, theirs):
    assert p.can_edit_resource(people.quality, theirs) and p.can_verify(people.quality, theirs)
    assert set(p.editable_resources(people.quality)) == {ticketing, theirs}


def test_pilot_manages_the_resources_of_their_services(people, ticketing, theirs):
    assert p.can_verify(people.pilot, ticketing) and p.can_add_resource(people.pilot)
    assert not p.can_verify(people.pilot, theirs) and not p.can_view_resource(people.pilot,
                                                                             theirs)
    assert list(p.editable_resources(people.pilot)) == [ticketing]


def test_agent_reads_their_service_only(people, ticketing, theirs):
    assert p.can_view_resource(people.agent, ticketing)
    assert not p.can_view_resource(people.agent, theirs)
    assert not p.can_verify(people.agent, ticketing) and not p.can_add_resource(people.agent)
    assert list(p.visible_resources(people.agent)) == [ticketing]


@pytest.mark.parametrize("who", ["auditor", "director"])
def test_auditors_and_direction_read_everything(request, who, ticketing, theirs):
    user = request.getfixturevalue(who)
    assert set(p.visible_resources(user)) == {ticketing, theirs}
    assert not p.can_verify(user, ticketing) and not p.editable_resources(user).exists()
