import factory

from indicators.models import (
    Frequency,
    Indicator,
    IndicatorTarget,
    Objective,
    Programme,
    StrategicAxis,
)
from tests.factories import ServiceFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = "Programme municipal 2020-2026"
    start_year = 2020
    end_year = 2026


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicAxis

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"AX{n}")
    title = factory.Sequence(lambda n: f"Axe {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    kind = Objective.Kind.SERVICE
    code = factory.Sequence(lambda n: f"OBJ-{n}")
    title = factory.Sequence(lambda n: f"Objectif {n}")
    service = factory.SubFactory(ServiceFactory)
    start_year = 2026
    end_year = 2026


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    title = factory.Sequence(lambda n: f"Indicateur {n}")
    service = factory.SubFactory(ServiceFactory)
    frequency = Frequency.MONTHLY
    unit = "%"


def target(indicator, year, value):
    return IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
