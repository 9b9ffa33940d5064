"""Every rule of providers.permissions."""

import pytest

from providers import permissions as p

pytestmark = pytest.mark.django_db


def test_quality_engineer_everything(people, cleaning, other_provider):
    q = people.quality
    assert p.can_access(q) and p.can_view_all(q) and p.can_add_provider(q)
    assert p.can_edit_provider(q, other_provider) and p.can_evaluate(q, cleaning)
    assert p.can_manage_criteria(q)
    assert set(p.visible_providers(q)) == {cleaning, other_provider}


def test_pilot_edits_and_evaluates_the_providers_of_their_services(people, cleaning,
                                                                     other_provider):
    pilot = people.pilot
    assert p.can_access(pilot) and p.can_add_provider(pilot)
    assert p.can_edit_provider(pilot, cleaning) and p.can_evaluate(pilot, cleaning)
    assert not p.can_edit_provider(pilot, other_provider)
    assert not p.can_view_provider(pilot, other_provider)
    assert not p.can_manage_criteria(pilot)
    assert list(p.visible_providers(pilot)) == [cleaning]
    assert list(p.editable_providers(pilot)) == [cleaning]


def test_pilot_of_a_direction_covers_the_services_under_it(people, accueil):
    from tests import factories as f

    direction = f.ServiceFactory(code="dpc", name="Direction population")
    accueil.parent = direction
    accueil.save()
    director_pilot = f.pilot(username="pilote-dpc", service=direction)
    from tests.providers.factories import ProviderFactory

    provider = ProviderFactory(services=[accueil])
    assert p.can_evaluate(director_pilot, provider)


def test_archived_provider_is_not_evaluated(people, cleaning):
    cleaning.is_active = False
    assert not p.can_evaluate(people.quality, cleaning)


@pytest.mark.parametrize("who", ["auditor", "director"])
def test_auditors_and_direction_read_only(request, who, cleaning, other_provider):
    user = request.getfixturevalue(who)
    assert p.can_access(user) and p.can_view_provider(user, other_provider)
    assert set(p.visible_providers(user)) == {cleaning, other_provider}
    assert not p.can_edit_provider(user, cleaning) and not p.can_evaluate(user, cleaning)
    assert not p.can_add_provider(user)
    assert not p.editable_providers(user).exists()


def test_agents_have_no_access(people, cleaning):
    agent = people.agent
    assert not p.can_access(agent)
    assert not p.visible_providers(agent).exists()
    assert not p.can_view_provider(agent, cleaning)
    assert not p.can_edit_provider(agent, cleaning)


def test_anonymous_and_inactive(people, cleaning):
    from django.contrib.auth.models import AnonymousUser

    assert not p.can_access(AnonymousUser())
    people.quality.is_active = False
    assert not p.can_edit_provider(people.quality, cleaning)
