import factory

from compliance.models import Evaluation, EvaluationResult, Regulation, Requirement, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thème {n}")


class RegulationFactory(factory.django.DjangoModelFactory):
    """A text saved directly; pass services=[...] to link services."""

    class Meta:
        model = Regulation
        skip_postgeneration_save = True

    kind = Regulation.Kind.ORDER
    number = factory.Sequence(lambda n: f"2026-{n:04d}")
    title = factory.Sequence(lambda n: f"Arrêté relatif au sujet {n}")
    topic = factory.SubFactory(TopicFactory)
    url = "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000031052756"

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement
        skip_postgeneration_save = True

    regulation = factory.SubFactory(RegulationFactory)
    article = factory.Sequence(lambda n: f"art. {n}")
    text = "Tenir un registre des contrôles."
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    regulation = factory.SubFactory(RegulationFactory)
    evaluated_on = factory.Faker("past_date")
    assessor = factory.SubFactory("tests.factories.UserFactory")


class EvaluationResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationResult

    evaluation = factory.SubFactory(EvaluationFactory)
    requirement = factory.SubFactory(
        RequirementFactory, regulation=factory.SelfAttribute("..evaluation.regulation"))
    status = EvaluationResult.Status.COMPLIANT
    evidence = "Registre consulté."


def row(requirement, status="compliant", evidence="Registre consulté."):
    return {"requirement": requirement, "status": status, "evidence": evidence}
