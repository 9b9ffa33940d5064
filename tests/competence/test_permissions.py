"""Who may do what (competence.permissions), rule by rule, and the services refusing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from competence import permissions, services
from competence.models import Training
from qms import roles
from tests import factories as f
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db
REFUSED = ("You may only manage the trainings and competences of the agents of your "
           "services.")


@pytest.fixture
def readers(people):
    auditor = f.UserFactory(username="auditrice", role=roles.AUDITOR, service=people.agent.service)
    direction = f.UserFactory(username="dgs", role=roles.DIRECTION,
                              service=people.quality.service)
    return auditor, direction


def test_quality_engineer_manages_everyone(people):
    for agent in (people.agent, people.other_agent):
        assert permissions.can_manage_agent(people.quality, agent)
    assert permissions.can_manage_catalogue(people.quality)
    assert permissions.can_manage_role(people.quality, cf.JobRoleFactory(service=None))


def test_pilot_manages_the_agents_of_their_services_only(people):
    assert permissions.can_manage_agent(people.pilot, people.agent)
    assert not permissions.can_manage_agent(people.pilot, people.other_agent)
    assert set(permissions.manageable_agents(people.pilot)) == {
        people.pilot, people.agent, people.agent2}


def test_pilot_of_a_direction_covers_the_services_below(people, accueil):
    direction = f.ServiceFactory(code="dpc", kind="direction")
    accueil.parent = direction
    accueil.save()
    director = f.pilot(username="directeur", service=direction)
    assert permissions.can_manage_agent(director, people.agent)
    assert not permissions.can_manage_agent(director, people.other_agent)


def test_pilot_manages_the_roles_of_their_services_not_the_municipal_ones(people):
    assert permissions.can_manage_role(people.pilot, cf.JobRoleFactory(service=people.agent.service))
    assert not permissions.can_manage_role(people.pilot, cf.JobRoleFactory(service=None))
    assert not permissions.can_manage_role(
        people.pilot, cf.JobRoleFactory(service=people.other_agent.service))
    assert not permissions.can_manage_catalogue(people.pilot)


def test_agent_reads_their_own_records_only(people):
    assert permissions.can_view_agent(people.agent, people.agent)
    assert not permissions.can_view_agent(people.agent, people.agent2)
    assert not permissions.can_manage_agent(people.agent, people.agent)
    mine = cf.TrainingFactory(agent=people.agent)
    cf.TrainingFactory(agent=people.agent2)
    assert list(permissions.visible_trainings(people.agent)) == [mine]
    assert permissions.visible_service_ids(people.agent) == set()


def test_auditors_and_direction_read_everything_write_nothing(people, readers):
    for reader in readers:
        assert permissions.can_view_agent(reader, people.other_agent)
        assert permissions.visible_service_ids(reader) is None
        assert not permissions.can_manage_agent(reader, people.agent)
        assert not permissions.can_record_trainings(reader)


def test_pilot_reads_only_their_services(people):
    cf.TrainingFactory(agent=people.agent)
    other = cf.TrainingFactory(agent=people.other_agent)
    assert other not in permissions.visible_trainings(people.pilot)
    assert not permissions.can_view_agent(people.pilot, people.other_agent)


def test_service_refuses_a_training_for_an_agent_of_another_service(people):
    with pytest.raises(PermissionDenied) as excinfo:
        services.training_create(agent=people.other_agent, title="Hors périmètre",
                                 date=cf.days_ago(3), hours=7, user=people.pilot,
                                 check_permission=True)
    assert str(excinfo.value) == gettext(REFUSED)
    assert not Training.objects.exists()


def test_service_refuses_moving_a_training_to_another_service(people):
    training = cf.TrainingFactory(agent=people.agent)
    with pytest.raises(PermissionDenied):
        services.training_update(training=training, agent=people.other_agent,
                                 user=people.pilot, check_permission=True)
    training.refresh_from_db()
    assert training.agent == people.agent


def test_service_refuses_editing_the_training_of_another_service(people):
    training = cf.TrainingFactory(agent=people.other_agent)
    with pytest.raises(PermissionDenied):
        services.training_evaluate(training=training, result=Training.Result.EFFECTIVE,
                                   comment="ok", user=people.pilot, check_permission=True)
    with pytest.raises(PermissionDenied):
        services.assessment_record(agent=people.other_agent,
                                   competence=cf.CompetenceFactory(), level=2,
                                   user=people.pilot, check_permission=True)
    with pytest.raises(PermissionDenied):
        services.competence_create(name="Nouvelle", user=people.pilot, check_permission=True)
