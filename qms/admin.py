"""The bare Django admin is for superusers only; it shows django-simple-history's
history of every model."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Service, Site, User


@admin.register(User)
class QmsUserAdmin(UserAdmin, SimpleHistoryAdmin):
    fieldsets = UserAdmin.fieldsets + (("QMS", {"fields": ("service", "job_title")}),)
    list_display = ("username", "first_name", "last_name", "service", "is_active")
    list_filter = ("service", "groups", "is_active")


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "parent", "is_active")
    search_fields = ("name", "code")


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_active")
