from django.core.exceptions import PermissionDenied, ValidationError

from ..models import READ_ONLY_MESSAGE


def save(obj, *, user, reason: str):
    """Validate and save `obj`, recording who and why in its history."""
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = str(reason)[:100]
    obj.save()
    return obj


def check_open(programme) -> None:
    """A closed programme is read-only: every write is refused."""
    if programme.is_closed or type(programme).objects.filter(
            pk=programme.pk, status=type(programme).Status.CLOSED).exists():
        raise ValidationError(READ_ONLY_MESSAGE)


def require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)
