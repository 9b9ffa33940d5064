"""The roles' model permissions on audits and nonconformities: the quality engineer runs
the audit programme and everything in it; pilots record and analyse the nonconformities
of their services (narrowed by the permission policies in audits/wagtail_hooks.py);
auditors read the programme and write their findings and checklists; the direction reads
and approves the programme. Nothing is deleted: records are cancelled or closed."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

ALL_MODELS = ["standard", "criterion", "checklisttemplate", "auditor", "auditorqualification",
              "auditprogramme", "audit", "checklistitem", "finding", "nonconformity"]

PERMISSIONS = {
    QUALITY_ENGINEER: [f"{verb}_{model}" for model in ALL_MODELS
                       for verb in ("add", "change", "view")],
    PILOT: ["add_nonconformity", "change_nonconformity", "view_nonconformity",
            "view_audit", "view_auditprogramme", "view_finding", "view_criterion",
            "view_standard"],
    AUDITOR: ["view_audit", "view_auditprogramme", "view_finding", "add_finding",
              "change_finding", "view_checklistitem", "change_checklistitem",
              "view_criterion", "view_standard", "view_checklisttemplate",
              "view_nonconformity"],
    DIRECTION: ["view_audit", "view_auditprogramme", "view_finding", "view_nonconformity"],
}


def forward(apps, schema_editor):
    grant(apps, "audits", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "audits", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0002_criteria_data"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
