"""Placeholder: owned by the actions helper."""


def my_actions(user):
    return []
