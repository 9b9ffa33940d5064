import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from competence.models import (
    Competence,
    CompetenceAssessment,
    JobRole,
    RoleAssignment,
    RoleRequirement,
    Training,
)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Compétence {n}")
    category = Competence.Category.TECHNICAL


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole

    title = factory.Sequence(lambda n: f"Fonction {n}")


class RoleRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    role = factory.SubFactory(JobRoleFactory)
    competence = factory.SubFactory(CompetenceFactory)
    level = 3
    is_mandatory = True


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    agent = factory.SubFactory("tests.factories.UserFactory")
    role = factory.SubFactory(JobRoleFactory)
    since = factory.LazyFunction(lambda: days_ago(400))


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    agent = factory.SubFactory("tests.factories.UserFactory")
    title = factory.Sequence(lambda n: f"Formation {n}")
    date = factory.LazyFunction(lambda: days_ago(30))
    hours = Decimal("7")
    organiser_kind = Training.Organiser.CNFPT
    status = Training.Status.DONE

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if extracted:
            self.competences.set(extracted)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceAssessment

    agent = factory.SubFactory("tests.factories.UserFactory")
    competence = factory.SubFactory(CompetenceFactory)
    level = 3
    assessed_on = factory.LazyFunction(lambda: days_ago(60))


def role_for(agent, *requirements, title=None, service=None):
    """Give `agent` a role requiring each (competence, level[, mandatory])."""
    role = JobRoleFactory(title=title or f"Fonction de {agent.username}",
                          service=service or agent.service)
    for competence, level, *mandatory in requirements:
        RoleRequirementFactory(role=role, competence=competence, level=level,
                               is_mandatory=mandatory[0] if mandatory else True)
    RoleAssignmentFactory(agent=agent, role=role)
    return role
