"""The roles' model permissions on the measuring resources: the quality engineer and the
pilots add and change resources and record verifications (pilots those of their
services, narrowed by the permission policies in metrology/wagtail_hooks.py); auditors
and the direction read. Resources are retired, never deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_WRITE = ["add_measuringresource", "change_measuringresource", "view_measuringresource",
          "add_verification", "view_verification"]
_READ = ["view_measuringresource", "view_verification"]

PERMISSIONS = {QUALITY_ENGINEER: _WRITE, PILOT: _WRITE, AUDITOR: _READ, DIRECTION: _READ}


def forward(apps, schema_editor):
    grant(apps, "metrology", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "metrology", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("metrology", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
