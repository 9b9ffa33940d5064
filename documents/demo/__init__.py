"""Demo data of the QMS: the organisation of a mid-sized commune (Belleville-sur-Loire),
its people and its document library, in every state a document goes through.

Built through the real machinery, as users would: pages are drafts saved as revisions,
published by running the "Validation documentaire" workflow (submission by the author,
verification by a pilot, approval by the quality engineer), and read acknowledgements
are requested by documents.services and recorded with document_acknowledge. Only
elapsed time is simulated: once a document is done, the dates of its versions (and of
the acknowledgements they asked for) are moved back, so that some reviews are overdue.

Idempotent: every row is found by its natural key (service code, site name, username,
document reference) and left alone when it exists. Registered with qms.demo (first, as
the other apps' demo data build on its services and people) and run by
`manage.py load_demo`, only with DEBUG on: demo users have a known password.
"""

import copy
import io
import logging
import random
from contextlib import contextmanager
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from documents import services
from documents.models import (
    Acknowledgement,
    ControlledDocumentPage,
    DocumentVersion,
    FormTemplatePage,
    GovernanceRulePage,
    InstructionPage,
    LibraryPage,
    ProcedurePage,
    ProcessSheetPage,
    QmsScopePage,
    QualityPolicyPage,
)
from qms import roles
from qms.demo import DemoRefused  # the registry's, so load_demo reports it
from qms.models import Service, Site, User

from .governance import GOVERNANCE_DOCUMENTS
from .library import DOCUMENTS, GOVERNANCE_RULES
from .notation import ALL
from .organisation import (
    DEMO_USERS,
    DIRECTIONS,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    PASSWORD,
    SEED,
    SERVICES,
    SITES,
)
from .process_sheets import PROCESS_SHEETS

# --- The loader ------------------------------------------------------------------------
MODELS = {
    "process": ProcessSheetPage,
    "procedure": ProcedurePage,
    "instruction": InstructionPage,
    "form": FormTemplatePage,
    "governance": GovernanceRulePage,
    "policy": QualityPolicyPage,
    "scope": QmsScopePage,
}
DEMO_LOGINS = [username for username, *_rest in DEMO_USERS]
# Loggers that report each publication or task while loading; kombu warns that the
# in-memory broker of eager Celery has no hostname.
QUIET_LOGGERS = {"wagtail": logging.WARNING, "django_tasks": logging.WARNING,
                 "celery": logging.WARNING, "kombu": logging.ERROR}


def load_demo(stdout=None) -> dict:
    """Load the demo data; return the number of rows created, by kind. Only with DEBUG on.

    E-mails are not sent while loading (the approval and acknowledgement notifications
    would go to the demo addresses) and Wagtail's reference index is rebuilt once per
    new object at the end rather than on each of its saves.
    """
    if not settings.DEBUG:
        raise DemoRefused(
            "The demo data (users with a known password) is loaded only when DEBUG is on."
        )

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    started = timezone.now()
    loader = _Loader(write)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        _quiet_logs(),
        disable_reference_index_auto_update(),
    ):
        with transaction.atomic():
            loader.run()
    seconds = (timezone.now() - started).total_seconds()
    created = dict(loader.created)
    if any(created.values()):
        write(
            "Created: " + ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
            + f" in {seconds:.1f} s."
        )
    else:
        write("The demo data is already loaded: nothing to create.")
    write("")
    write(f"Demo logins (password « {PASSWORD} ») :")
    for username, first, last, role, service, _job in DEMO_USERS:
        write(f"  {username:<10} {first} {last} — {role} ({loader.service_names[service]})")
    return created


@contextmanager
def _quiet_logs():
    """Wagtail logs each publication and django-tasks each task: not while loading."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger, level in zip(loggers, QUIET_LOGGERS.values(), strict=True):
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _username(first, last):
    return f"{slugify(first)}.{slugify(last)}"


class _Loader:
    def __init__(self, write):
        self.write = write
        self.created = {"services": 0, "sites": 0, "users": 0, "documents": 0, "versions": 0,
                        "readings acknowledged": 0}
        self.now = timezone.now()
        self.service_names = {}
        self._password = None
        self._pages = {}
        self.new_objects = []  # for the reference index

    def run(self):
        self.write("Services, sites and people...")
        self.load_organisation()
        self.load_people()
        self.write("Documents, through the approval workflow...")
        self.load_documents()
        for obj in self.new_objects:  # as saved last (pages: their published version)
            obj = type(obj).objects.get(pk=obj.pk)
            ReferenceIndex.create_or_update_for_object(obj)

    # --- organisation -------------------------------------------------------------
    def load_organisation(self):
        self.services = {}
        for code, name, _title in DIRECTIONS:
            self.services[code] = self._service(code, name, Service.Kind.DIRECTION, None)
        for code, name, direction, _pilot, _agent in SERVICES:
            self.services[code] = self._service(
                code, name, Service.Kind.SERVICE, self.services[direction]
            )
        self.direction_of = {code: direction for code, _n, direction, *_ in SERVICES}
        self.direction_of.update({code: code for code, *_ in DIRECTIONS})
        self.service_names = {code: s.name for code, s in self.services.items()}
        for name, address, codes in SITES:
            site, created = Site.objects.get_or_create(name=name, defaults={"address": address})
            if created:
                site.services.set([self.services[c] for c in codes])
                self.created["sites"] += 1

    def _service(self, code, name, kind, parent):
        service = Service.objects.filter(code=code).first()
        if service is None:
            service = Service(code=code, name=name, kind=kind, parent=parent,
                              email=f"{code}@{EMAIL_DOMAIN}")
            service.full_clean()
            service.save()
            self.created["services"] += 1
        return service

    # --- people -------------------------------------------------------------------
    def load_people(self):
        """The five demo logins, a director per direction (pilot of its services' processes),
        and in each service a pilot and two to four agents. Names come from fixed lists
        drawn with a fixed seed: the same people at every run."""
        self.groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL)}
        rng = random.Random(SEED)
        taken = {(first, last) for _u, first, last, *_ in DEMO_USERS}

        def person():
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in taken:
                    taken.add((first, last))
                    return first, last

        self.users = {}
        for username, first, last, role, service, job in DEMO_USERS:
            self.users[username] = self._user(username, first, last, service, job, [role])
        self.director_of, self.pilot_of, self.writers_of = {}, {}, {}
        for code, _name, title in DIRECTIONS:
            first, last = person()
            self.director_of[code] = self._user(
                _username(first, last), first, last, code, title, [roles.PILOT, roles.DIRECTION]
            )
        for code, _name, _direction, pilot_title, agent_title in SERVICES:
            if code == "accueil":
                self.pilot_of[code] = self.users["pilote"]
            else:
                first, last = person()
                self.pilot_of[code] = self._user(
                    _username(first, last), first, last, code, pilot_title, [roles.PILOT]
                )
            count = rng.randint(2, 4) - (1 if code == "accueil" else 0)
            self.writers_of[code] = []
            for _i in range(count):
                first, last = person()
                self.writers_of[code].append(self._user(
                    _username(first, last), first, last, code, agent_title, [roles.AGENT]
                ))

    def _user(self, username, first, last, service_code, job_title, role_names):
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        if self._password is None:
            self._password = make_password(PASSWORD)  # hashed once: it is slow on purpose
        user = User(
            username=username, first_name=first, last_name=last,
            email=f"{username}@{EMAIL_DOMAIN}", service=self.services[service_code],
            job_title=job_title, password=self._password,
        )
        user.full_clean()
        user.save()
        user.groups.set([self.groups[name] for name in role_names])
        self.created["users"] += 1
        return user

    # --- documents ----------------------------------------------------------------
    def load_documents(self):
        library = LibraryPage.objects.first()
        if library is None:
            raise DemoRefused("No document library: run `manage.py migrate` first.")
        self.library_id = library.pk
        self.workflow = library.get_workflow()
        self.quality = self.users["qualite"]
        every = PROCESS_SHEETS + DOCUMENTS + GOVERNANCE_RULES + GOVERNANCE_DOCUMENTS
        existing = set(
            ControlledDocumentPage.objects.filter(
                reference__in=[d.reference for d in every]
            ).values_list("reference", flat=True)
        )
        # The interactions between processes are the register's (processes.demo), not the
        # sheets'.
        for doc in PROCESS_SHEETS:
            if doc.reference not in existing:
                self._versions(doc, self._new_page(doc, self.library_id))
        for doc in DOCUMENTS + GOVERNANCE_RULES + GOVERNANCE_DOCUMENTS:
            if doc.reference in existing:
                continue
            parent_id = self._page(doc.parent).pk if doc.parent else self.library_id
            self._versions(doc, self._new_page(doc, parent_id))

    def _page(self, reference):
        if reference not in self._pages:
            page = ControlledDocumentPage.objects.filter(reference=reference).first()
            if page is None:
                raise LookupError(f"{reference} is used before it is created: reorder the data.")
            self._pages[reference] = page
        return self._pages[reference]

    def _people(self, doc):
        """(author, verifier) of a document: a writer of the owner service, verified by its
        pilot; or the pilot, verified by the director (nobody verifies their own work)."""
        pilot = self.pilot_of.get(doc.owner) or self.director_of[doc.owner]
        if doc.author == "pilot" or not self.writers_of.get(doc.owner):
            return pilot, self.director_of[self.direction_of[doc.owner]]
        writers = self.writers_of[doc.owner]
        return writers[sum(map(ord, doc.reference)) % len(writers)], pilot

    def _body(self, blocks, version):
        body = []
        for block in blocks:
            kind = block[0]
            if kind == "_since":
                if version >= block[1]:
                    body += self._body(block[2], version)
            elif kind == "_upto":
                if version <= block[1]:
                    body += self._body(block[2], version)
            elif kind == "_link":
                target = self._page(block[1])
                body.append(("document_link", {"page": target, "label": block[2]}))
            else:
                body.append((kind, copy.deepcopy(block[1])))
        return body

    def _new_page(self, doc, parent_id):
        """The document as a draft page, not yet saved as a revision."""
        author, _verifier = self._people(doc)
        model = MODELS[doc.kind]
        fields = {}
        if doc.kind == "process":
            pilot = self.quality if doc.owner == "qualite" else self.pilot_of[doc.owner]
            fields = {**doc.sheet, "pilot": pilot}
        if doc.kind == "form":
            fields["attachment"] = self._attachment(doc, author)
        if doc.kind in ("policy", "scope"):
            fields = self._governance_fields(doc)
        page = model(
            title=doc.title, slug=slugify(doc.title)[:100], reference=doc.reference,
            summary=doc.summary, body=self._body(doc.body, 1),
            owner_service=self.services[doc.owner], author=author,
            change_summary=doc.changes[0], review_period_months=doc.review, live=False,
            **fields,
        )
        Page.objects.get(pk=parent_id).add_child(instance=page)
        applies = list(self.services.values()) if doc.applies == ALL else [
            self.services[code] for code in doc.applies
        ]
        page.applies_to_services.set(applies)
        self._pages[doc.reference] = page
        self.new_objects.append(page)
        self.created["documents"] += 1
        return page

    def _governance_fields(self, doc):
        """The quality policy's signature and commitments; the scope's services, sites,
        activities and justified exclusions."""
        extra = dict(doc.sheet)
        if doc.kind == "policy":
            name, title = extra.pop("signatory")
            return {
                "signatory_name": name, "signatory_title": title,
                "signed_on": timezone.localdate(self.now - timedelta(days=doc.age + 7)),
                "standards": extra["standards"],
                "commitments": [("commitment", {"title": t, "detail": d})
                                for t, d in extra["commitments"]],
            }
        return {
            **extra,
            "services": [self.services[code] for code in extra["services"]],
            "sites": list(Site.objects.filter(name__in=extra["sites"])),
            "exclusions": [
                ("exclusion", {"clause": c, "requirement": r, "justification": j})
                for c, r, j in extra["exclusions"]
            ],
        }

    def _versions(self, doc, page):
        """Each version in turn: saved by its author, submitted, verified, approved (which
        publishes it and asks its readers to acknowledge it). The last one stops at the
        document's state."""
        author, verifier = self._people(doc)
        rng = random.Random(f"{SEED}-{doc.reference}")
        page.save_revision(user=author)
        count = len(doc.changes)
        for number in range(1, count + 1):
            last = number == count
            if number > 1:
                draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
                draft.body = self._body(doc.body, number)
                draft.change_summary = doc.changes[number - 1]
                draft.save_revision(user=author)
            if last and doc.state == "draft":
                break
            self.workflow.start(Page.objects.get(pk=page.pk).specific, author)
            if last and doc.state == "review":
                break
            self._approve(page, verifier)
            if last and doc.state == "verified":
                break
            self._approve(page, self.quality)
            self.created["versions"] += 1
            if not last:
                self._acknowledge(page, rng, lambda _user: 0.9)
        if doc.reading_rate is None:
            self._acknowledge(page, rng, lambda user: self._reading_rate(user, doc.age))
        else:  # the demo agent has not read it yet
            self._acknowledge(
                page, rng, lambda user: 0.0 if user.username == "agent" else doc.reading_rate
            )
        self._backdate(doc, page, rng)

    def _approve(self, page, user):
        page = Page.objects.get(pk=page.pk).specific
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, user, "approve", comment="")

    @staticmethod
    def _reading_rate(user, age):
        """How likely a reader has acknowledged a version published `age` days ago. The
        demo agent is behind on their reading; so are, less, the newest documents."""
        if user.username == "agent":
            return 0.7 if age >= 150 else 0.0
        if age >= 90:
            return 0.92
        return 0.6 if age >= 30 else 0.3

    def _acknowledge(self, page, rng, rate):
        page = ControlledDocumentPage.objects.get(pk=page.pk)
        if not page.live:
            return
        pending = (
            Acknowledgement.objects.pending()
            .filter(version__page=page, version__number=page.version)
            .select_related("user")
            .order_by("user_id")
        )
        for ack in pending:
            if rng.random() < rate(ack.user):
                services.document_acknowledge(page=page, user=ack.user)
                self.created["readings acknowledged"] += 1

    def _backdate(self, doc, page, rng):
        """Simulate the time that has passed: the last version was published `age` days
        ago, each earlier one about a year before the next, and readers acknowledged them
        within a few weeks. The next review date follows from the last approval."""
        versions = list(DocumentVersion.objects.filter(page_id=page.pk).order_by("-number"))
        when = self.now - timedelta(days=doc.age, hours=rng.randint(0, 6))
        dates = {}
        for version in versions:
            dates[version.pk] = when
            when -= timedelta(days=rng.randint(300, 420))
        for version in versions:
            published = dates[version.pk]
            DocumentVersion.objects.filter(pk=version.pk).update(
                approved_at=published, published_at=published
            )
            acks = list(Acknowledgement.objects.filter(version=version))
            for ack in acks:
                ack.requested_at = published
                if ack.acknowledged_at:
                    ack.acknowledged_at = min(
                        published + timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 9)),
                        self.now,
                    )
            Acknowledgement.objects.bulk_update(acks, ["requested_at", "acknowledged_at"])
        if versions:
            approved = dates[versions[0].pk]
            ControlledDocumentPage.objects.filter(pk=page.pk).update(
                approved_at=approved,
                next_review_date=timezone.localdate(approved)
                + relativedelta(months=doc.review),
            )

    # --- attached forms -----------------------------------------------------------
    def _attachment(self, doc, author):
        """A blank form to download: a one-page PDF with the form's fields."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        pdf.setTitle(f"{doc.reference} — {doc.title}")
        width, height = A4
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(50, height - 50, "Ville de Belleville-sur-Loire")
        pdf.setFont("Helvetica", 9)
        pdf.drawRightString(width - 50, height - 50, f"{doc.reference} — version 1")
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(50, height - 95, doc.title)
        y = height - 140
        wide = ("Description", "Objet", "Analyse", "Action", "Solution", "Correction", "Avis")
        for label in doc.form_fields:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(50, y, f"{label} :")
            lines = 3 if label.startswith(wide) else 1
            for _i in range(lines):
                y -= 22
                pdf.line(50, y, width - 50, y)
            y -= 26
        pdf.setFont("Helvetica-Oblique", 8)
        pdf.drawString(50, 40, "Document maîtrisé : vérifiez la version en vigueur sur l'intranet.")
        pdf.showPage()
        pdf.save()
        content = buffer.getvalue()
        document = get_document_model()(title=doc.title, uploaded_by_user=author)
        document.file.save(f"{doc.reference.lower()}.pdf", ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        self.new_objects.append(document)
        return document
