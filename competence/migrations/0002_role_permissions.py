"""The roles' model permissions on competence: the quality engineer keeps the catalogue
and everything else; the pilots add and change job roles, required competences,
assignments, trainings and assessments (those of their services, narrowed by the
permission policies in competence/wagtail_hooks.py); auditors and the direction read.
Nothing is deleted (archived or ended instead)."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_MODELS = ["jobrole", "rolerequirement", "roleassignment", "training",
           "competenceassessment"]
_WRITE = [f"{action}_{model}" for model in _MODELS for action in ("add", "change", "view")]
_READ = [f"view_{model}" for model in [*_MODELS, "competence"]]

PERMISSIONS = {
    QUALITY_ENGINEER: [*_WRITE, "add_competence", "change_competence", "view_competence"],
    PILOT: [*_WRITE, "view_competence"],
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "competence", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "competence", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("competence", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
