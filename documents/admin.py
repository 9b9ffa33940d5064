from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Acknowledgement, DocumentVersion


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "number", "title", "approver", "published_at")
    search_fields = ("reference", "title")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(SimpleHistoryAdmin):
    list_display = ("version", "user", "service", "requested_at", "acknowledged_at")
    list_filter = ("service",)
