"""Placeholder."""

VIEWSETS = []
