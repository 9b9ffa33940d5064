"""Forms of the action plan's intranet pages: the plan's filters, and the forms of an
action's page (update, effectiveness check, close, cancel, reopen) and of a new action.

The forms check the input; the writes go through actions.services, whose refusals
(ValidationError) are put back on the form by `add_service_errors`, so the user sees the
model's own message next to what they typed."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of

from .models import Action
from .selectors import NO_SOURCE, PlanFilters, source_kinds

DUE_WINDOWS = (7, 30, 60, 90, 180, 365)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has that
    field, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            if name == NON_FIELD_ERRORS:
                target = None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


# --- the plan's filters ----------------------------------------------------------------------
class PlanFilterForm(forms.Form):
    """The filters of the plan (GET). Parameter names are part of the URLs people share
    and bookmark: source, kind, status, late, service, owner, due, q."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Title or reference")}))
    source = forms.ChoiceField(label=_("Source"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Action.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *Action.Status.choices])
    service = forms.ModelChoiceField(label=_("Service"), required=False,
                                     queryset=Service.objects.none(),
                                     empty_label=_("All services"))
    owner = forms.ModelChoiceField(label=_("Owner"), required=False,
                                   queryset=get_user_model().objects.none(),
                                   empty_label=_("Everyone"))
    due = forms.TypedChoiceField(
        label=_("Due within"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any date")),
                 *[(str(days), _("%(days)s days") % {"days": days}) for days in DUE_WINDOWS]],
    )
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, data=None, *, visible, with_service: bool = True):
        """`visible`: the actions the reader may see (the choices come from them)."""
        super().__init__(data)
        self.fields["source"].choices = [
            ("", _("All sources")), *source_kinds(), (NO_SOURCE, _("No source record")),
        ]
        if with_service:
            self.fields["service"].queryset = Service.objects.filter(
                pk__in=visible.order_by().values("service")).order_by("name")
        else:
            del self.fields["service"]
        self.fields["owner"].queryset = get_user_model().objects.filter(
            pk__in=visible.order_by().values("owner")).order_by("last_name", "first_name",
                                                                "username")

    def filters(self, **extra) -> PlanFilters:
        """The valid filters (a bad value is reported on its field and ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PlanFilters(
            source=data.get("source") or "", kind=data.get("kind") or "",
            status=data.get("status") or "", late=bool(data.get("late")),
            service=data.get("service"), owner=data.get("owner"), due=data.get("due"),
            q=(data.get("q") or "").strip(), **extra,
        )


# --- an action's forms ---------------------------------------------------------------------
BUDGET_FIELDS = ["operating_budget_planned", "operating_budget_spent",
                 "investment_budget_planned", "investment_budget_spent"]


class ActionUpdateForm(forms.ModelForm):
    """Progress, status (planned or in progress: closing and cancelling have their own
    forms), dates, budgets and the expected result."""

    prefix = "update"
    reason = forms.CharField(label=_("Comment (kept in the history)"), required=False,
                             max_length=100)

    class Meta:
        model = Action
        fields = ["status", "progress", "start_date", "due_date", *BUDGET_FIELDS,
                  "expected_result"]
        widgets = {"start_date": DATE, "due_date": DATE,
                   "expected_result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in Action.Status.choices
            if value in Action.OPEN_STATUSES
        ]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EffectivenessForm(forms.Form):
    prefix = "effectiveness"
    checked_at = forms.DateField(label=_("Checked on"), widget=DATE,
                                 initial=timezone.localdate)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Action.Verdict.choices,
                                widget=forms.RadioSelect)
    evidence = forms.CharField(
        label=_("Evidence of effectiveness"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was checked, how, and what it showed (a measurement, an audit, "
                    "a sample of records…)."),
        error_messages={"required": _("Give the evidence of the check.")},
    )

    def clean_checked_at(self):
        value = self.cleaned_data["checked_at"]
        if value > timezone.localdate():
            raise ValidationError(_("An effectiveness check cannot be dated in the future."))
        return value


class CloseForm(forms.Form):
    prefix = "close"


class CancelForm(forms.Form):
    prefix = "cancel"
    reason = forms.CharField(
        label=_("Reason for cancellation"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason why the action is cancelled.")},
    )


class ReopenForm(forms.Form):
    prefix = "reopen"
    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=90,
        error_messages={"required": _("Give the reason why the action is reopened.")},
    )


# --- a new action ------------------------------------------------------------------------------
class ActionCreateForm(forms.ModelForm):
    """A new action, in one of the services the user writes in, attached to a record."""

    class Meta:
        model = Action
        fields = ["title", "description", "kind", "service", "owner", "start_date",
                  "due_date", "expected_result", "operating_budget_planned",
                  "investment_budget_planned"]
        widgets = {"start_date": DATE, "due_date": DATE,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "expected_result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.active().order_by("name")
        if not is_quality_engineer(user):
            services = services.filter(pk__in=service_ids_of(user))
        self.fields["service"].queryset = services
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True).select_related("service").order_by("last_name", "first_name",
                                                                "username")
        self.fields["owner"].label_from_instance = (
            lambda u: f"{u} ({u.service})" if u.service_id else str(u))
