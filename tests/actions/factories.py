import datetime

import factory
from django.utils import timezone

from actions.models import Action
from tests.factories import ServiceFactory, UserFactory


class ActionFactory(factory.django.DjangoModelFactory):
    """An action saved directly (reference set here). Tests of the rules go through
    actions.services instead."""

    class Meta:
        model = Action

    reference = factory.Sequence(lambda n: f"ACT-2026-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Action {n}")
    kind = Action.Kind.IMPROVEMENT
    service = factory.SubFactory(ServiceFactory)
    owner = factory.SubFactory(UserFactory, service=factory.SelfAttribute("..service"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def attached_action(record, **kwargs):
    """An action (ActionFactory) attached to `record`, named as action_create names it."""
    from django.contrib.contenttypes.models import ContentType

    from actions.services import source_label

    return ActionFactory(source_content_type=ContentType.objects.get_for_model(record),
                         source_object_id=record.pk, source_label=source_label(record),
                         **kwargs)
