"""The roles' model permissions on the certifications: the quality engineer adds and
changes certifications and their audits; the pilots change those covering their services
and plan or record their audits (narrowed by the permission policies in
certification/wagtail_hooks.py); auditors and the direction read them. Nothing is
deleted: a certification is archived, an audit cancelled."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_READ = ["view_certification", "view_certificationaudit"]

PERMISSIONS = {
    QUALITY_ENGINEER: [*_READ, "add_certification", "change_certification",
                       "add_certificationaudit", "change_certificationaudit"],
    PILOT: [*_READ, "change_certification", "add_certificationaudit",
            "change_certificationaudit"],
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "certification", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "certification", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
