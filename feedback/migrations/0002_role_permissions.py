"""The roles' model permissions on user feedback. The quality engineer manages it all
(survey responses are read, never edited);
pilots manage the complaints, requests and surveys of their services (narrowed by
feedback/permissions.py); agents record and update the complaints and requests of their
service; the direction and auditors read. Nothing is deleted from the UI."""

from django.db import migrations

from qms.migration_permissions import grant, revoke

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AGENT = "Agent"
AUDITOR = "Auditeur"
DIRECTION = "Direction"

_ALL = ["userfeedback", "feedbackindicator", "survey", "question", "commitment"]
_READ = [f"view_{m}" for m in ["userfeedback", "survey", "question", "surveyresponse",
                               "answer", "commitment"]]

PERMISSIONS = {
    QUALITY_ENGINEER: [f"{a}_{m}" for m in _ALL for a in ("add", "change", "view")]
    + ["judge_userfeedback", "view_surveyresponse", "view_answer"],
    PILOT: ["add_userfeedback", "change_userfeedback", "judge_userfeedback",
            "add_survey", "change_survey", "add_question", "change_question",
            "view_feedbackindicator", *_READ],
    AGENT: ["add_userfeedback", "change_userfeedback", "view_userfeedback",
            "view_commitment"],
    AUDITOR: _READ,
    DIRECTION: _READ,
}


def forward(apps, schema_editor):
    grant(apps, "feedback", PERMISSIONS)


def backward(apps, schema_editor):
    revoke(apps, "feedback", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("qms", "0003_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forward, backward)]
