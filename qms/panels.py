"""Admin panels shared by every app."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

HISTORY_LIMIT = 30


class HistoryPanel(Panel):
    """The django-simple-history record of the object being edited: who changed what,
    when, from which value to which, newest first."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", _("Change history"))
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "qms/panels/history_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk and hasattr(self.instance, "history"))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            records = list(
                self.instance.history.select_related("history_user").order_by(
                    "-history_date", "-history_id"
                )[: HISTORY_LIMIT + 1]
            )
            entries = []
            for newer, older in zip(records, records[1:] + [None], strict=False):
                changes = []
                if older is not None:
                    delta = newer.diff_against(older)
                    changes = [
                        {
                            "field": self.instance._meta.get_field(c.field).verbose_name,
                            "old": c.old,
                            "new": c.new,
                        }
                        for c in delta.changes
                    ]
                entries.append({"record": newer, "changes": changes})
            context["entries"] = entries[:HISTORY_LIMIT]
            return context
