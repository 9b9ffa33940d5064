import datetime

import factory

from audits.models import (
    Audit,
    Auditor,
    AuditProgramme,
    ChecklistTemplate,
    Criterion,
    Finding,
    Nonconformity,
    Standard,
)
from qms import roles
from tests.factories import ServiceFactory, UserFactory


def direction(**kwargs):
    return UserFactory(role=roles.DIRECTION, **kwargs)


def auditor_user(**kwargs):
    return UserFactory(role=roles.AUDITOR, **kwargs)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"std-{n}")
    name = factory.Sequence(lambda n: f"Référentiel {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    standard = factory.SubFactory(StandardFactory)
    reference = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Exigence {n}")
    questions = "La procédure est-elle appliquée ?\nLes enregistrements sont-ils conservés ?"


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    name = factory.Sequence(lambda n: f"Liste {n}")


class AuditorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Auditor

    user = factory.SubFactory(UserFactory, role=roles.AUDITOR)
    name = factory.LazyAttribute(lambda o: str(o.user) if o.user else "Auditeur externe")
    is_internal = True


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditProgramme
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda o: f"Programme d'audit {o.year}")
    objectives = "Vérifier l'efficacité du SMQ"
    scope = "Tous les services"


class AuditFactory(factory.django.DjangoModelFactory):
    """An audit saved directly; the rules are tested through audits.services."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    reference = factory.Sequence(lambda n: f"AUD-2026-{n + 1:02d}")
    title = factory.Sequence(lambda n: f"Audit {n}")
    planned_start = datetime.date(2026, 3, 10)
    planned_end = datetime.date(2026, 3, 11)
    lead_auditor = factory.SubFactory(AuditorFactory)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        self.services.set(extracted or [ServiceFactory()])


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    audit = factory.SubFactory(AuditFactory)
    kind = Finding.Kind.OBSERVATION
    description = "Constat"
    evidence = "Preuve"


class NonconformityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nonconformity

    reference = factory.Sequence(lambda n: f"NC-2026-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"Non-conformité {n}")
    source_kind = Nonconformity.SourceKind.INTERNAL
    service = factory.SubFactory(ServiceFactory)
    description = "Écart constaté"
