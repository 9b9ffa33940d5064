"""The roles' model permissions on the strategy, the indicators and the feeding
applications. The quality engineer manages everything; pilots manage the objectives,
indicators and targets of their services (narrowed to their services by the permission
policies in indicators/wagtail_hooks.py) and read the programme, the axes and the list of
applications. Nothing is deleted from the back office: rows are archived."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"

MANAGED = ("objective", "indicator", "indicatortarget")

PERMISSIONS = {
    QUALITY_ENGINEER: [
        *(f"{action}_{model}" for model in ("programme", "strategicaxis", "feedapplication")
          for action in ("add", "change", "view")),
        *(f"{action}_{model}" for model in MANAGED for action in ("add", "change", "view")),
    ],
    PILOT: [
        "view_programme", "view_strategicaxis", "view_feedapplication",
        *(f"{action}_{model}" for model in MANAGED for action in ("add", "change", "view")),
    ],
}


def forward(apps, schema_editor):
    grant(apps, "indicators", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "indicators", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
