"""The approval workflow's steps: verification by the owner service's pilot, then
approval by the quality engineer. Nobody verifies or approves their own document."""

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from qms import roles

ACTIONS = [
    ("reject", _("Request changes"), True),
    ("approve", _("Approve"), False),
    ("approve", _("Approve with comment"), True),
]


class _NoSelfApprovalMixin:
    def _is_own(self, obj, user) -> bool:
        from documents import permissions

        return permissions.is_own_document(obj, user)


class PilotVerificationTask(_NoSelfApprovalMixin, Task):
    """Verification by a pilot of the document's owner service."""

    def _may_verify(self, obj, user) -> bool:
        from documents import permissions

        return permissions.can_verify(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._may_verify(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_verify(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_verify(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._may_verify(obj, user) and not self._is_own(obj, user):
            return ACTIONS
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        from documents import permissions

        if action_name == "approve":
            permissions.check_not_own_document(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from documents.models import ControlledDocumentPage
        from qms.permissions import services_of

        if user.is_superuser:
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not roles.user_has_role(user, roles.PILOT) or not user.service_id:
            return TaskState.objects.none()
        page_ids = ControlledDocumentPage.objects.filter(
            owner_service__in=services_of(user)
        ).annotate(str_id=Cast("pk", CharField())).values("str_id")
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=page_ids
        )

    @classmethod
    def get_description(cls):
        return _("A pilot of the document's owner service verifies it")

    class Meta:
        verbose_name = _("verification by the service pilot")
        verbose_name_plural = _("verifications by the service pilot")


class QualityApprovalTask(_NoSelfApprovalMixin, AbstractGroupApprovalTask):
    """Approval by the chosen groups (the quality engineers), never by the author."""

    def get_actions(self, obj, user):
        if self._is_own(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        from documents import permissions

        if action_name == "approve":
            permissions.check_not_own_document(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("The quality engineers approve the document; its author cannot")

    class Meta:
        verbose_name = _("approval by the quality engineer")
        verbose_name_plural = _("approvals by the quality engineer")
