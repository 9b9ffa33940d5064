"""The roles' model permissions on the regulatory watch: the quality engineer and the
pilots add and change texts, requirements and evaluations (pilots those of their services,
narrowed by the permission policies in compliance/wagtail_hooks.py); the quality engineer
alone keeps the topics. Texts are archived, never deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_WRITE = [
    "add_regulation", "change_regulation", "view_regulation",
    "add_requirement", "change_requirement", "view_requirement",
    "add_evaluation", "view_evaluation", "view_evaluationresult", "add_evaluationresult",
]
_READ = ["view_regulation", "view_requirement", "view_evaluation", "view_evaluationresult",
         "view_topic"]

PERMISSIONS = {
    QUALITY_ENGINEER: [*_WRITE, "add_topic", "change_topic", "view_topic"],
    PILOT: [*_WRITE, "view_topic"],
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "compliance", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "compliance", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
