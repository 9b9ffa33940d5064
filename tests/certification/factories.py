import datetime

import factory
from django.core.files.base import ContentFile

from audits.models import Standard
from certification.models import Certification, CertificationAudit


def standard(code="iso-9001"):
    return Standard.objects.get(code=code)


class CertificationFactory(factory.django.DjangoModelFactory):
    """A certified certification, saved directly (the rules are tested through
    certification.services)."""

    class Meta:
        model = Certification
        skip_postgeneration_save = True

    standard = factory.LazyFunction(standard)
    scope = "Accueil des usagers"
    status = Certification.Status.CERTIFIED
    certifying_body = "AFNOR Certification"
    certificate_number = factory.Sequence(lambda n: f"AFAQ-{n:04d}")
    certificate_file = factory.LazyFunction(
        lambda: ContentFile(b"%PDF-1.4 certificat", name="certificat.pdf"))
    first_certified_on = datetime.date(2020, 3, 15)
    valid_until = datetime.date(2029, 3, 14)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)


class CertificationAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationAudit

    certification = factory.SubFactory(CertificationFactory)
    kind = CertificationAudit.Kind.SURVEILLANCE
    planned_date = datetime.date(2027, 3, 5)
