"""The roles' model permissions on the action plan: the quality engineer and the pilots add
and change actions (pilots those of their services, narrowed by the permission policy in
actions/wagtail_hooks.py). Actions are cancelled with a reason, never deleted."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"

PERMISSIONS = {
    QUALITY_ENGINEER: ["add_action", "change_action", "view_action"],
    PILOT: ["add_action", "change_action", "view_action"],
}


def ensure_permissions(apps):
    app_config = apps.get_app_config("actions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def forward(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="actions", codename__in=codenames
        ))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label="actions", codename__in=codenames
            ))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
