"""The roles of the QMS. Each is a Django group, created by a data migration.

Group names are data shown in the admin, so they are in French, the language of the
municipality; code refers to them only through these constants.
"""

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AGENT = "Agent"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

ALL = (QUALITY_ENGINEER, PILOT, AGENT, AUDITOR, DIRECTION)

# Roles that write, and therefore enter the Wagtail admin.
ADMIN_ROLES = (QUALITY_ENGINEER, PILOT)
# Roles that read the follow-up reports of the whole municipality.
OVERSIGHT_ROLES = (QUALITY_ENGINEER, AUDITOR, DIRECTION)


def user_role_names(user) -> frozenset[str]:
    """The user's group names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_qms_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._qms_role_names = cached
    return cached


def user_has_role(user, role: str) -> bool:
    return role in user_role_names(user)


def user_has_oversight(user) -> bool:
    """Quality engineer, auditors and the direction read every service's follow-up."""
    return user.is_superuser or bool(user_role_names(user) & set(OVERSIGHT_ROLES))
