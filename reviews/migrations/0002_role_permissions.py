"""The roles' model permissions on the reviews: the quality engineer prepares, compiles and
validates the management reviews; the pilots read them and prepare their processes' reviews
(narrowed to their services by the permission policy); the direction and the auditors read.
Agents have no access. Reviews are never deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
DIRECTION = "Direction"
AUDITOR = "Auditeur"

READ = ["view_managementreview", "view_reviewinput", "view_reviewdecision",
        "view_processreview"]

PERMISSIONS = {
    QUALITY_ENGINEER: READ + [
        "add_managementreview", "change_managementreview", "change_reviewinput",
        "add_reviewdecision", "change_reviewdecision", "add_processreview",
        "change_processreview",
    ],
    PILOT: READ + ["add_processreview", "change_processreview"],
    DIRECTION: READ,
    AUDITOR: READ,
}


def forward(apps, schema_editor):
    grant(apps, "reviews", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "reviews", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
