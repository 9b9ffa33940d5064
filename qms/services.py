"""Small pieces every app's services.py uses (DESIGN.md §3: writes in services, atomic,
validated, with their history)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def require(allowed: bool, message: str) -> None:
    """Refuse the write, with `message`, unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def reject_unknown_fields(name: str, fields: dict, allowed: set) -> None:
    """A service that takes `**fields` refuses a field it does not know (a typo in a
    caller would otherwise be silently ignored)."""
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{name}() got unexpected fields: {', '.join(sorted(unknown))}")


def save_with_history(instance, *, user, reason: str = ""):
    """Validate (`full_clean`) and save `instance`, its history recording `user` (when
    signed in) and `reason` (cut to the history's 100 characters)."""
    instance.full_clean()
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason[:100]
    instance.save()
    return instance
