"""The roles' model permissions on the strategy, the indicators and the feeding
applications. The quality engineer manages everything; pilots manage the objectives,
indicators and targets of their services (narrowed to their services by the permission
policies in indicators/wagtail_hooks.py) and read the programme, the axes and the list of
applications. Nothing is deleted from the back office: rows are archived."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"

MANAGED = ("objective", "indicator", "indicatortarget")

PERMISSIONS = {
    QUALITY_ENGINEER: [
        *(f"{action}_{model}" for model in ("programme", "strategicaxis", "feedapplication")
          for action in ("add", "change", "view")),
        *(f"{action}_{model}" for model in MANAGED for action in ("add", "change", "view")),
    ],
    PILOT: [
        "view_programme", "view_strategicaxis", "view_feedapplication",
        *(f"{action}_{model}" for model in MANAGED for action in ("add", "change", "view")),
    ],
}


def ensure_permissions(apps):
    app_config = apps.get_app_config("indicators")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def forward(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="indicators", codename__in=codenames
        ))


def backward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*Permission.objects.filter(
                content_type__app_label="indicators", codename__in=codenames
            ))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
