"""Placeholder: owned by a helper."""


def load_demo(*args, **kwargs):
    return None
