"""The back-office forms of a certification and of a certification audit, written through
certification.services (so the rules, the permission checks and the history reasons are
the same as on the intranet): `certification_create` / `certification_update`,
`certification_audit_plan` / `certification_audit_update`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

from audits.models import Audit
from qms.models import Service
from qms.permissions import is_quality_engineer

from . import permissions, services
from .models import ATTACHABLE_AUDIT_KINDS, Certification


class _ThroughServices(WagtailAdminModelForm):
    def _values(self, names) -> dict:
        values = {}
        for name in names:
            if name in self.cleaned_data:
                value = self.cleaned_data[name]
                values[name] = "" if value is False else value  # a cleared file
        return values

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)


class CertificationAdminForm(_ThroughServices):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "services" in self.fields:
            self.fields["services"].widget = forms.CheckboxSelectMultiple()
            self.fields["services"].queryset = Service.objects.active().order_by("name")

    def save_through_services(self, user) -> Certification:
        with transaction.atomic():
            if self.instance.pk is None:
                fields = self._values(services.CERTIFICATION_FIELDS - {"standard"})
                return services.certification_create(
                    standard=self.cleaned_data["standard"],
                    services=self.cleaned_data.get("services") or [], user=user,
                    check_permission=True, **fields)
            certification = Certification.objects.select_for_update().get(pk=self.instance.pk)
            changed = set(self.changed_data)
            fields = self._values(changed & services.CERTIFICATION_FIELDS)
            return services.certification_update(
                certification=certification, user=user, check_permission=True,
                services=self.cleaned_data.get("services") if "services" in changed
                else None, **fields)


class CertificationAuditAdminForm(_ThroughServices):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "certification" in self.fields:
            queryset = Certification.objects.active().select_related("standard")
            if user is not None and not is_quality_engineer(user):
                queryset = permissions.editable_certifications(user, queryset)
            self.fields["certification"].queryset = queryset.prefetch_related("services")
        if "audit" in self.fields:
            self.fields["audit"].queryset = (
                Audit.objects.not_cancelled().filter(kind__in=ATTACHABLE_AUDIT_KINDS)
                .order_by("-planned_start"))

    def save_through_services(self, user):
        from .models import CertificationAudit

        data = self.cleaned_data
        with transaction.atomic():
            if self.instance.pk is None:
                entry = services.certification_audit_plan(
                    certification=data["certification"], kind=data["kind"],
                    planned_date=data["planned_date"], audit=data.get("audit"),
                    summary=data.get("summary", ""), user=user, check_permission=True)
                rest = self._values({"held_date", "result", "is_active"})
                rest = {k: v for k, v in rest.items()
                        if v not in (None, "", CertificationAudit.Result.PENDING, True)}
                if rest:
                    entry = services.certification_audit_update(
                        certification_audit=entry, user=user, check_permission=True, **rest)
                return entry
            entry = CertificationAudit.objects.select_for_update().get(pk=self.instance.pk)
            fields = self._values(set(self.changed_data) & services.AUDIT_FIELDS)
            return services.certification_audit_update(
                certification_audit=entry, user=user, check_permission=True, **fields)
