"""The roles' model permissions on the process register, the context and the risk sheets.
The quality engineer manages everything; pilots change the processes they own, their
interactions, and the risk sheets and risks of their services (narrowed to their services
by the permission policies in processes/wagtail_hooks.py), and read the context. Nothing is
deleted from the back office: rows are archived."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"

ALL_MODELS = ("process", "processinteraction", "contextissue", "interestedparty", "risksheet",
              "risk")

PERMISSIONS = {
    QUALITY_ENGINEER: [
        f"{action}_{model}" for model in ALL_MODELS for action in ("add", "change", "view")
    ],
    PILOT: [
        "view_process", "change_process", "view_contextissue", "view_interestedparty",
        *(f"{action}_{model}" for model in ("processinteraction", "risksheet", "risk")
          for action in ("add", "change", "view")),
    ],
}


def forward(apps, schema_editor):
    grant(apps, "processes", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "processes", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0002_register_context_risks"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
