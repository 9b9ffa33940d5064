import pytest

from competence import demo
from competence.models import JobRole, RoleAssignment, Training
from documents.demo.organisation import SERVICES
from qms import roles
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(people):
    """Job roles for the heads and agents of the demo services, their assignments,
    trainings (some pending evaluation, some with a certificate) and assessments."""
    f.quality_engineer(username="qualite-demo", service=people.quality.service)
    for code, name, _direction, head_title, agent_title in SERVICES[:8]:
        service = f.ServiceFactory(code=code, name=name)
        f.pilot(username=f"chef-{code}", service=service, job_title=head_title)
        for i in range(3):
            f.agent(username=f"{code}-{i}", service=service, job_title=agent_title)
    counts = demo.load_demo()
    assert counts["roles"] == JobRole.objects.count() == 16
    assert JobRole.objects.get(title="Agent d'accueil").service is None
    assert RoleAssignment.objects.count() == 32
    assert 60 <= counts["trainings"] == Training.objects.count() <= 130
    assert Training.objects.evaluation_overdue().exists()
    assert Training.objects.exclude(effectiveness_result="pending").exists()
    assert Training.objects.filter(organiser_kind="internal").exists()
    assert Training.objects.filter(organiser_kind="cnfpt").exclude(certificate="").exists()
    head = JobRole.objects.get(title=SERVICES[0][3])
    assert head.requirements.filter(competence__name="Management d'équipe").exists()
    again = demo.load_demo()
    assert again.get("trainings", 0) == again.get("roles", 0) == again.get(
        "assignments", 0) == 0
    assert Training.objects.count() == counts["trainings"]
    assert roles.PILOT  # the demo's heads are found by their role
