import factory

from metrology.models import MeasuringResource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasuringResource

    name = factory.Sequence(lambda n: f"Compteur {n:03d}")
    identifier = factory.Sequence(lambda n: f"CPT-{n:04d}")
    kind = MeasuringResource.Kind.FOOTFALL
    service = factory.SubFactory("tests.factories.ServiceFactory")
    interval_months = 12
