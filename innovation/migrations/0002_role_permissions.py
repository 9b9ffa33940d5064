"""The roles' model permissions on the innovation & performance programme: the quality
engineer sets the programme up (programmes, bodies, axes, levels, themes, groups,
members, meetings, inventory, ideas, proposals, contracts, steering committees and their
decisions, news) and reads the money and the reporting, written on the intranet; the
direction reads everything and changes the contracts; the pilots read the programme, its
themes, groups, meetings, proposals and contracts. Agents and auditors have no access to
the back office. Nothing is deleted."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
DIRECTION = "Direction"

SET_UP = ["innovationprogramme", "body", "axis", "arbitrationlevel", "theme", "workinggroup",
          "membership", "meeting", "inventoryitem", "idea", "proposal", "contract",
          "steeringcommittee", "steeringdecision", "news"]
READ_ONLY = ["fundedaction", "budgetmove", "contractreport", "arbitration"]
PILOT_READS = ["innovationprogramme", "theme", "workinggroup", "meeting", "proposal",
               "contract"]

PERMISSIONS = {
    QUALITY_ENGINEER: [f"{action}_{model}" for model in SET_UP
                       for action in ("add", "change", "view")]
    + [f"view_{model}" for model in READ_ONLY],
    DIRECTION: [f"view_{model}" for model in SET_UP + READ_ONLY] + ["change_contract"],
    PILOT: [f"view_{model}" for model in PILOT_READS],
}


def forward(apps, schema_editor):
    grant(apps, "innovation", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "innovation", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("innovation", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
