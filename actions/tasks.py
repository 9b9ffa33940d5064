"""Placeholder: owned by the actions helper."""
