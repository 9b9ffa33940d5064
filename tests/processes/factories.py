import factory

from processes.models import Process, ProcessInteraction, Risk, RiskSheet
from tests.factories import ServiceFactory


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    code = factory.Sequence(lambda n: f"PRC-T{n:02d}")
    name = factory.Sequence(lambda n: f"Processus {n}")
    family = Process.Family.REALISATION
    service = factory.SubFactory(ServiceFactory)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessInteraction

    source = factory.SubFactory(ProcessFactory)
    target = factory.SubFactory(ProcessFactory)
    description = "Demandes qualifiées"


class RiskSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskSheet

    process = factory.SubFactory(ProcessFactory)
    service = factory.SelfAttribute("process.service")
    title = factory.LazyAttribute(lambda o: f"Fiche de risques {o.process.code}")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    sheet = factory.SubFactory(RiskSheetFactory)
    reference = factory.Sequence(lambda n: f"R-T-{n:04d}")
    kind = Risk.Kind.RISK
    title = factory.Sequence(lambda n: f"Risque {n}")
    likelihood = 2
    severity = 3
