"""Reads of the action plan other modules use."""

from .models import Action


def actions_for(source):
    """The actions attached to a record of any model, oldest due first."""
    return Action.objects.for_source(source).select_related("owner", "service")
