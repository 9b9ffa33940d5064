from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ControlledDocumentForm(WagtailAdminPageForm):
    """The admin form of every controlled document."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django has already put the instance's empty values (None) under these keys, so
        # fill them when empty rather than with setdefault.
        if not self.instance.pk and self.for_user and "author" in self.fields:
            if not self.initial.get("author"):
                self.initial["author"] = self.for_user.pk
        if (
            self.for_user
            and "owner_service" in self.fields
            and not self.instance.owner_service_id
            and getattr(self.for_user, "service_id", None)
        ):
            if not self.initial.get("owner_service"):
                self.initial["owner_service"] = self.for_user.service_id

    def clean(self):
        from documents import permissions
        from documents.models import DocumentVersion

        cleaned = super().clean()
        owner_service = cleaned.get("owner_service")
        if (
            self.for_user
            and owner_service
            and not permissions.can_write_for_service(self.for_user, owner_service)
        ):
            self.add_error(
                "owner_service",
                _("You can only write documents owned by your own service."),
            )
        summary = (cleaned.get("change_summary") or "").strip()
        if self.instance.pk and summary:
            last = (
                DocumentVersion.objects.filter(page_id=self.instance.pk)
                .order_by("-number")
                .only("number", "change_summary")
                .first()
            )
            if last and last.change_summary.strip() == summary:
                self.add_error(
                    "change_summary",
                    _(
                        "Describe what changes in this new version: this summary is the "
                        "one of version %(number)s."
                    )
                    % {"number": last.number},
                )
        return cleaned


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
