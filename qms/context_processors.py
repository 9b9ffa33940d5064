from . import roles as qms_roles


def roles(request):
    """What the templates need to know of the user's roles (menus, links)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"qms_roles": frozenset(), "qms_has_oversight": False, "qms_can_use_admin": False}
    names = qms_roles.user_role_names(user)
    return {
        "qms_roles": names,
        "qms_has_oversight": qms_roles.user_has_oversight(user),
        "qms_can_use_admin": user.is_superuser or bool(names & set(qms_roles.ADMIN_ROLES)),
    }
