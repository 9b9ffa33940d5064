"""The roles' model permissions on the action plan: the quality engineer and the pilots add
and change actions (pilots those of their services, narrowed by the permission policy in
actions/wagtail_hooks.py). Actions are cancelled with a reason, never deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"

PERMISSIONS = {
    QUALITY_ENGINEER: ["add_action", "change_action", "view_action"],
    PILOT: ["add_action", "change_action", "view_action"],
}


def forward(apps, schema_editor):
    grant(apps, "actions", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "actions", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
