"""Placeholder: owned by the risks helper."""
