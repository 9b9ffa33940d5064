"""The back-office form of an action, and how its changes are written.

The form validates through the model (``Action.clean``: due date after the start date,
a cancellation needs its reason, a corrective action is closed only once its
effectiveness has been checked); the writes themselves go through actions.services, so
the reference, the status rules and the history reasons are the same as everywhere
else: ``action_create`` for a new action; for a change, ``action_reopen``,
``action_update``, ``action_record_effectiveness``, ``action_close`` and
``action_cancel`` in that order, as the submitted form asks."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from qms.models import Service, User
from qms.permissions import is_quality_engineer, service_ids_of

from . import services
from .models import Action

#: The fields of the effectiveness check, recorded by action_record_effectiveness.
EFFECTIVENESS_FIELDS = ("effectiveness_checked_at", "effectiveness_verdict",
                        "effectiveness_evidence")
#: Fields only meaningful once the action exists.
EDIT_ONLY_FIELDS = ("cancellation_reason", *EFFECTIVENESS_FIELDS, "change_reason")


class ActionAdminForm(WagtailAdminModelForm):
    """A pilot keeps the action in one of their services (a plain list of them); the
    owner is chosen among the active users. A new action starts planned or in progress:
    it is closed, cancelled or checked once it exists."""

    change_reason = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=100,
        help_text=_("Kept in the action's history. Needed to reopen a closed or "
                    "cancelled action."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        creating = self.instance.pk is None
        if "owner" in self.fields:
            field = self.fields["owner"]
            field.queryset = User.objects.filter(is_active=True).select_related(
                "service").order_by("last_name", "first_name", "username")
            field.widget = forms.Select(choices=field.choices)
        if "service" in self.fields:
            field = self.fields["service"]
            services_qs = Service.objects.active()
            if user is not None and not is_quality_engineer(user):
                allowed = service_ids_of(user)
                if self.instance.service_id:
                    allowed = allowed | {self.instance.service_id}
                services_qs = Service.objects.filter(pk__in=allowed)
            field.queryset = services_qs.order_by("name")
            field.widget = forms.Select(choices=field.choices)
        if creating:
            for name in EDIT_ONLY_FIELDS:
                self.fields.pop(name, None)
            if "status" in self.fields:
                self.fields["status"].choices = [
                    (value, label) for value, label in Action.Status.choices
                    if value in Action.OPEN_STATUSES
                ]
            if user is not None and user.is_authenticated:
                self.initial.setdefault("owner", user.pk)
                if user.service_id and "service" in self.fields and (
                    self.fields["service"].queryset.filter(pk=user.service_id).exists()
                ):
                    self.initial.setdefault("service", user.service_id)

    # --- writing through the services -------------------------------------------------------

    def save_through_services(self, user) -> Action:
        """Create or change the action through actions.services. A refusal of a service
        (ValidationError, PermissionDenied) is raised after everything is rolled back."""
        with transaction.atomic():
            if self.instance.pk is None:
                return self._create(user)
            return self._change(user)

    def _values(self, names) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def _create(self, user) -> Action:
        fields = self._values(services.EDITABLE_FIELDS)
        return services.action_create(user=user, check_permission=True, **fields)

    def _change(self, user) -> Action:
        # The form's instance already holds the submitted values: start again from the
        # stored action so that the services judge the change from what it was.
        action = Action.objects.select_for_update().get(pk=self.instance.pk)
        was = action.status
        changed = set(self.changed_data)
        status = self.cleaned_data.get("status", was)
        reason = self.cleaned_data.get("change_reason", "")
        open_statuses = set(Action.OPEN_STATUSES)

        if status in open_statuses and was not in open_statuses:
            action = services.action_reopen(action=action, user=user, reason=reason)
        fields = self._values(changed & (services.EDITABLE_FIELDS - {"status"}))
        if status in open_statuses and status != action.status:
            fields["status"] = status
        if fields:
            action = services.action_update(action=action, user=user, reason=reason, **fields)
        if changed & set(EFFECTIVENESS_FIELDS):
            values = self._values(EFFECTIVENESS_FIELDS)
            if values.get("effectiveness_verdict") or values.get("effectiveness_checked_at"):
                action = services.action_record_effectiveness(
                    action=action, user=user, verdict=values.get("effectiveness_verdict", ""),
                    evidence=values.get("effectiveness_evidence", ""),
                    checked_at=values.get("effectiveness_checked_at"),
                )
        if status == Action.Status.DONE and action.status != Action.Status.DONE:
            action = services.action_close(action=action, user=user)
        if status == Action.Status.CANCELLED and (
            action.status != Action.Status.CANCELLED or "cancellation_reason" in changed
        ):
            action = services.action_cancel(
                action=action, user=user,
                reason=self.cleaned_data.get("cancellation_reason", ""),
            )
        return action

    def add_service_error(self, error: ValidationError | str) -> None:
        """Show a service's refusal on the field it names, or above the form."""
        if not isinstance(error, ValidationError):
            error = ValidationError(str(error))
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)
