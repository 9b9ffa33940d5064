"""Factories of the innovation app. Records are saved directly; tests of the rules go
through innovation.services."""

import datetime
from decimal import Decimal

import factory

from innovation.models import (
    ArbitrationLevel,
    Axis,
    Body,
    InnovationProgramme,
    Theme,
    WorkingGroup,
)
from qms import roles
from tests.factories import UserFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("name",)

    name = "Ville de Sainte-Claire"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InnovationProgramme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Démarche innovation et performance {n}")
    code = factory.Sequence(lambda n: f"ip-{n}")
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2027, 12, 31)
    status = InnovationProgramme.Status.CONTRACTS
    coordinator = factory.SubFactory(UserFactory)
    operating_envelope = Decimal("1000000")
    investment_envelope = Decimal("2500000")

    @factory.post_generation
    def bodies(self, create, extracted, **kwargs):
        if create:
            self.bodies.set(extracted or [BodyFactory()])


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thème {n}")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    theme = factory.SubFactory(ThemeFactory)
    facilitator = factory.SubFactory(UserFactory)
    referent = factory.SubFactory(UserFactory, role=roles.DIRECTION)


def levels(programme, *arbiters_by_level):
    """The three levels of the seeds: DG referent, steering committee, mayor; the
    arbiters of the two last given in order."""
    referent = ArbitrationLevel.objects.create(
        programme=programme, order=1, name="Référent DG", kind=ArbitrationLevel.Kind.REFERENT)
    committee = ArbitrationLevel.objects.create(
        programme=programme, order=2, name="COPIL", kind=ArbitrationLevel.Kind.COMMITTEE)
    mayor = ArbitrationLevel.objects.create(
        programme=programme, order=3, name="Maire", kind=ArbitrationLevel.Kind.MAYOR)
    for level, users in zip((committee, mayor), arbiters_by_level, strict=False):
        level.arbiters.set(users)
    return referent, committee, mayor
