"""Who may see and change controlled documents. One place, used by the admin (through
the page permission tester and the workflow tasks), the intranet views and the services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of, services_of  # noqa: F401


def can_write_document(user, page) -> bool:
    """Quality engineers write every document; pilots the documents of their service."""
    if not user.is_active:
        return False
    if is_quality_engineer(user):
        return True
    return roles.user_has_role(user, roles.PILOT) and page.owner_service_id in service_ids_of(user)


def can_write_for_service(user, service) -> bool:
    if is_quality_engineer(user):
        return True
    return (
        service is not None
        and roles.user_has_role(user, roles.PILOT)
        and service.pk in service_ids_of(user)
    )


def can_verify(page, user) -> bool:
    """The verification step belongs to a pilot of the owner service; a quality engineer
    stands in for a service that has no pilot."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    page = page.specific if hasattr(page, "specific") else page
    if roles.user_has_role(user, roles.PILOT) and page.owner_service_id in service_ids_of(user):
        return True
    if roles.user_has_role(user, roles.QUALITY_ENGINEER):
        return not page.owner_service.members.filter(
            is_active=True, groups__name=roles.PILOT
        ).exists()
    return False


def is_own_document(page, user) -> bool:
    """The author, and whoever submitted the version for approval, may not approve it."""
    page = page.specific if hasattr(page, "specific") else page
    if page.author_id == user.pk:
        return True
    latest = page.get_latest_revision()
    if latest is not None:
        draft = latest.as_object()
        if getattr(draft, "author_id", None) == user.pk:
            return True
    state = page.current_workflow_state
    return bool(state and state.requested_by_id == user.pk)


def check_not_own_document(page, user) -> None:
    if is_own_document(page, user):
        raise PermissionDenied(
            _("You cannot approve a document you wrote or submitted: another person must.")
        )


def can_view_page(user, page) -> bool:
    """Agents and every signed-in person read published documents only."""
    return page.live


def can_view_followup(user, service=None) -> bool:
    """Acknowledgement rates and reviews due: quality, direction and auditors for every
    service; a pilot for their own services."""
    if roles.user_has_oversight(user):
        return True
    if roles.user_has_role(user, roles.PILOT):
        return service is None or service.pk in service_ids_of(user)
    return False


class DocumentPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed for controlled documents:
    pilots edit only their service's documents, publishing goes only through the
    approval workflow, and documents are withdrawn (unpublished), never deleted."""

    def can_edit(self):
        return super().can_edit() and can_write_document(self.user, self.page.specific_deferred)

    def can_publish(self):
        return False

    def can_unpublish(self):
        """Withdrawing a document in force is the quality engineer's decision."""
        return (
            self.page.live
            and not self.page_is_root
            and not self.page_locked()
            and is_quality_engineer(self.user)
        )

    def can_delete(self, ignore_bulk=False):
        if self.page.specific_deferred.version:
            return False  # a published document is withdrawn, not deleted
        return super().can_delete(ignore_bulk=ignore_bulk) and can_write_document(
            self.user, self.page.specific_deferred
        )

    def can_publish_subpage(self):
        return False
