from django.core.exceptions import PermissionDenied


def check(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def save(instance, *, user, reason: str = ""):
    """Validate, record who did it (and why) in the history, save."""
    instance.full_clean()
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = str(reason)[:100]
    instance.save()
    return instance


def check_fields(name: str, fields: dict, allowed: set) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{name}() got unexpected fields: {', '.join(sorted(unknown))}")
