"""The five roles of the QMS as Django groups, with their model permissions.
Page permissions on the intranet tree come with the tree (documents.0003)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AGENT = "Agent"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

PERMISSIONS = {
    QUALITY_ENGINEER: [
        ("wagtailadmin", "access_admin"),
        ("qms", "add_service"), ("qms", "change_service"), ("qms", "view_service"),
        ("qms", "add_site"), ("qms", "change_site"), ("qms", "view_site"),
        ("qms", "add_user"), ("qms", "change_user"), ("qms", "view_user"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    PILOT: [
        ("wagtailadmin", "access_admin"),
        ("qms", "view_service"), ("qms", "view_site"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
    ],
    AGENT: [],
    AUDITOR: [],
    DIRECTION: [],
}


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forward(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def backward(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("qms", "0002_french_search_configuration"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
