"""The roles' model permissions on the readiness matrix: the quality engineer edits the
clause rules; declarations, document links and gap actions are written from the matrix
page (readiness.services) and only inspected in the back office — by the quality engineer
(all), the pilots (their services, narrowed in readiness/wagtail_hooks.py), the auditors
and the direction (all)."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_READ = ["view_clauserule", "view_clauseassessment", "view_documentclause",
         "view_gapaction", "view_readinessscore"]

PERMISSIONS = {
    QUALITY_ENGINEER: [*_READ, "add_clauserule", "change_clauserule"],
    PILOT: ["view_clauseassessment", "view_documentclause", "view_gapaction"],
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "readiness", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "readiness", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0002_clause_rules_data"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
