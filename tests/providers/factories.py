import datetime

import factory

from providers.models import Provider


def luhn_siret(prefix: str) -> str:
    """A 14-digit SIRET with a valid check digit, from 13 digits."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for position, char in enumerate(reversed(candidate)):
            number = int(char) * (2 if position % 2 else 1)
            total += number - 9 if number > 9 else number
        if total % 10 == 0:
            return candidate
    raise AssertionError


class ProviderFactory(factory.django.DjangoModelFactory):
    """A provider saved directly; pass services=[...] to link services."""

    class Meta:
        model = Provider
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Prestataire {n:03d}")
    kind = Provider.Kind.CONTRACTOR
    evaluation_interval_months = 12
    next_evaluation_due = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=200))

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)
