"""The roles' model permissions on the providers' register: the quality engineer and the
pilots add and change providers and record evaluations (pilots those of their services,
narrowed by the permission policies in providers/wagtail_hooks.py); the quality engineer
alone keeps the criteria; auditors and the direction read. Agents: nothing. Providers
are archived, never deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_WRITE = ["add_provider", "change_provider", "view_provider", "add_evaluation",
          "view_evaluation", "add_evaluationscore", "view_evaluationscore",
          "view_evaluationcriterion"]
_READ = ["view_provider", "view_evaluation", "view_evaluationscore",
         "view_evaluationcriterion"]

PERMISSIONS = {
    QUALITY_ENGINEER: [*_WRITE, "add_evaluationcriterion", "change_evaluationcriterion"],
    PILOT: _WRITE,
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "providers", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "providers", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0002_criteria_data"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
