"""The intranet's structure (not demo data): the intranet home at the site root, the
document library, the approval workflow (pilot verification, then quality approval)
and the page permissions of the roles. Replaces Wagtail's default welcome page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

QUALITY_ENGINEER = "Responsable qualité"
PILOT = "Pilote de processus"
AUDITOR = "Auditeur"
DIRECTION = "Direction"


def _new_page(apps, model_name, parent, path, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model("documents", model_name)
    ct, _ = ContentType.objects.get_or_create(app_label="documents", model=model_name.lower())
    page = Model.objects.create(
        content_type=ct,
        path=path,
        depth=len(path) // 4,
        numchild=0,
        url_path=f"{parent.url_path}{fields['slug']}/" if parent else "/",
        locale_id=parent.locale_id,
        live=True,
        **fields,
    )
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    return page


def forward(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root = Page.objects.get(depth=1)
    # Wagtail's initial "Welcome" page is replaced by the intranet home.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    last = Page.objects.filter(depth=2).order_by("-path").first()
    home_path = root.path + (f"{int(last.path[-4:], 36) + 1:04d}" if last else "0001")
    home = _new_page(
        apps, "IntranetHomePage", root, home_path,
        title="Intranet qualité", slug="intranet", draft_title="Intranet qualité",
        introduction="Les documents du système de management de la qualité de la commune.",
    )
    home.url_path = "/intranet/"
    home.save(update_fields=["url_path"])
    _new_page(
        apps, "LibraryPage", home, home.path + "0001",
        title="Bibliothèque documentaire", slug="bibliotheque",
        draft_title="Bibliothèque documentaire",
        introduction="Processus, procédures, instructions, formulaires et règles de gouvernance en vigueur.",
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page_id = home.pk
        site.site_name = "Intranet qualité"
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page_id=home.pk,
                            is_default_site=True, site_name="Intranet qualité")

    def page_perm(codename):
        return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)

    quality = Group.objects.get(name=QUALITY_ENGINEER)
    pilot = Group.objects.get(name=PILOT)
    for group, codenames in (
        (quality, ["add_page", "change_page", "lock_page", "unlock_page"]),
        (pilot, ["add_page", "change_page"]),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=home.pk, permission=page_perm(codename)
            )

    documents_app = apps.get_app_config("documents")
    documents_app.models_module = True
    create_permissions(documents_app, apps=apps, verbosity=0)
    documents_app.models_module = None
    followup = Permission.objects.get(content_type__app_label="documents", codename="view_followup")
    for name in (QUALITY_ENGINEER, PILOT, AUDITOR, DIRECTION):
        Group.objects.get(name=name).permissions.add(followup)

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    PilotVerificationTask = apps.get_model("documents", "PilotVerificationTask")
    QualityApprovalTask = apps.get_model("documents", "QualityApprovalTask")
    verification = PilotVerificationTask.objects.create(
        name="Vérification par le pilote du service",
        content_type=ContentType.objects.get_or_create(
            app_label="documents", model="pilotverificationtask")[0],
        active=True,
    )
    approval = QualityApprovalTask.objects.create(
        name="Approbation par le responsable qualité",
        content_type=ContentType.objects.get_or_create(
            app_label="documents", model="qualityapprovaltask")[0],
        active=True,
    )
    approval.groups.add(quality)
    workflow = Workflow.objects.create(name="Validation documentaire", active=True)
    WorkflowTask.objects.create(workflow=workflow, task_id=verification.pk, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task_id=approval.pk, sort_order=1)
    WorkflowPage.objects.create(workflow=workflow, page_id=home.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_initial"),
        ("qms", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
