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


# --- risks: the treatment actions of a risk (added with the risk pages) ---------------------
def _risk_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Risk)


def _in_30_days():
    import datetime

    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=30)


class OpportunityFactory(RiskFactory):
    kind = Risk.Kind.OPPORTUNITY
    title = factory.Sequence(lambda n: f"Opportunité {n}")
    treatment = Risk.Treatment.PURSUE


class RiskTreatmentActionFactory(factory.django.DjangoModelFactory):
    """An action of the action plan attached to a risk (saved directly, like
    tests.actions.factories.ActionFactory; tests of the rules go through the services)."""

    class Meta:
        model = "actions.Action"

    class Params:
        risk = factory.SubFactory(RiskFactory, treatment=Risk.Treatment.REDUCE)

    reference = factory.Sequence(lambda n: f"ACT-2026-{n + 9001}")
    title = factory.Sequence(lambda n: f"Traitement {n}")
    kind = "risk_treatment"
    service = factory.SelfAttribute("risk.sheet.service")
    owner = factory.SubFactory("tests.factories.UserFactory",
                               service=factory.SelfAttribute("..service"))
    due_date = factory.LazyFunction(_in_30_days)
    source_content_type = factory.LazyFunction(_risk_type)
    source_object_id = factory.SelfAttribute("risk.pk")
    source_label = factory.LazyAttribute(lambda o: f"Risque {o.risk.reference}")
