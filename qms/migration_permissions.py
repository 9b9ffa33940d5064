"""Granting the roles their model permissions from a data migration, for every app.

A migration module keeps its own ``forward``/``backward`` (tests/conftest.py replays
them after a flush) and its own PERMISSIONS table, and calls these::

    def forward(apps, schema_editor):
        grant(apps, "actions", PERMISSIONS)

Kept small and stable on purpose: committed migrations run this code as it is today."""


def ensure_permissions(apps, app_label: str) -> None:
    """Create the app's model permissions now: Django creates them only after
    ``migrate``, too late for a data migration of the same run."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def _permissions(apps, app_label, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def grant(apps, app_label: str, permissions: dict[str, list[str]]) -> None:
    """Give each group named in `permissions` ({group name: [codename, …]}) those
    permissions of `app_label`, creating the group if needed."""
    ensure_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    for name, codenames in permissions.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, app_label, codenames))


def revoke(apps, app_label: str, permissions: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    for name, codenames in permissions.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, app_label, codenames))
