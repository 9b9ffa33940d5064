"""Admin panels of controlled documents."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ApprovalNoticePanel(Panel):
    """Tells the person editing a document where it stands in the approval workflow,
    and why they cannot verify or approve it when they wrote or submitted it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Approval"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "documents/panels/approval_notice.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from documents import permissions

            context = super().get_context_data(parent_context)
            page = self.instance
            user = self.request.user
            task = page.current_workflow_task if page.workflow_in_progress else None
            context.update(
                {
                    "version": page.version,
                    "status": page.get_status_display(),
                    "task": task,
                    "own": task is not None and permissions.is_own_document(page, user),
                    "can_act": task is not None and bool(task.specific.get_actions(page, user)),
                }
            )
            return context
