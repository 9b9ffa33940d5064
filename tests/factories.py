"""Factories shared by every test folder. Documents are created and published through
the real Wagtail tree and the real approval workflow (documents.services)."""

import factory
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from qms import roles
from qms.models import Service, Site, User


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"svc{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    kind = Service.Kind.SERVICE


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@mairie.example")
    service = factory.SubFactory(ServiceFactory)
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


def quality_engineer(**kwargs):
    return UserFactory(role=roles.QUALITY_ENGINEER, **kwargs)


def pilot(**kwargs):
    return UserFactory(role=roles.PILOT, **kwargs)


def agent(**kwargs):
    return UserFactory(role=roles.AGENT, **kwargs)


def make_document(parent, model=None, *, owner_service, author, reference, title=None,
                  applies_to=(), body=None, change_summary="Création du document", **fields):
    """Create a document as a draft under `parent` (not published)."""
    from documents.models import ProcedurePage

    model = model or ProcedurePage
    page = model(
        title=title or f"Document {reference}",
        reference=reference,
        owner_service=owner_service,
        author=author,
        change_summary=change_summary,
        body=body or [("paragraph", "<p>Accueillir l'usager avec courtoisie.</p>")],
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    page.applies_to_services.set(list(applies_to))
    page.save_revision(user=author)
    return page


def submit(page, user):
    """Submit the latest revision of the page to its workflow, as `user`."""
    page = Page.objects.get(pk=page.pk).specific
    workflow = page.get_workflow() or Workflow.objects.get(name="Validation documentaire")
    return workflow.start(page, user)


def act(page, user, action="approve", comment=""):
    """Perform a workflow action on the current task, as `user`."""
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_task_state
    return state.task.specific.on_action(state, user, action, comment=comment)


def publish(page, *, verifier, approver, submitter=None):
    """Run the whole approval workflow: submit, pilot verification, quality approval."""
    submit(page, submitter or page.author)
    act(page, verifier)
    act(page, approver)
    return Page.objects.get(pk=page.pk).specific
