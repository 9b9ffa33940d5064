"""Forms of the process register and the context: the back office forms that keep a
pilot inside their services, the intranet filters, and the context review form."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of

from .models import ContextIssue, InterestedParty, Process


# --- back office ------------------------------------------------------------------------------
class ProcessAdminForm(WagtailAdminModelForm):
    """A pilot keeps their process in one of their services; the services involved are
    ticked in a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "services" in self.fields:
            field = self.fields["services"]
            field.queryset = Service.objects.active().order_by("name")
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        if user is not None and "service" in self.fields and not is_quality_engineer(user):
            field = self.fields["service"]
            field.widget = forms.Select()
            field.queryset = Service.objects.filter(pk__in=service_ids_of(user)).order_by("name")
            field.required = True


class ProcessInteractionAdminForm(WagtailAdminModelForm):
    """A pilot records the interactions leaving the processes of their services, towards
    any active process."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        active = Process.objects.active().order_by("code")
        for name in ("source", "target"):
            if name in self.fields:
                self.fields[name].widget = forms.Select()
                self.fields[name].queryset = active
        if user is not None and "source" in self.fields and not is_quality_engineer(user):
            self.fields["source"].queryset = active.filter(service__in=service_ids_of(user))


class ContextAdminForm(WagtailAdminModelForm):
    """The processes concerned, ticked in a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "processes" in self.fields:
            field = self.fields["processes"]
            field.queryset = Process.objects.active().order_by("code")
            field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


# --- intranet filters -------------------------------------------------------------------------
class RegisterFilterForm(forms.Form):
    family = forms.ChoiceField(
        label=_("Process family"), required=False,
        choices=[("", _("All families")), *Process.Family.choices],
    )
    service = forms.ModelChoiceField(
        label=_("Service"), required=False, empty_label=_("All services"),
        queryset=Service.objects.none(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().filter(
            Q(processes__status=Process.Status.ACTIVE)
            | Q(owned_processes__status=Process.Status.ACTIVE)
        ).distinct().order_by("name")


class ContextFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of issue"), required=False,
        choices=[("", _("Internal and external")), *ContextIssue.Kind.choices],
    )
    category = forms.ChoiceField(
        label=_("Category of issue"), required=False,
        choices=[("", _("All categories")), *ContextIssue.Category.choices],
    )
    party_category = forms.ChoiceField(
        label=_("Category of interested party"), required=False,
        choices=[("", _("All categories")), *InterestedParty.Category.choices],
    )
    process = forms.ModelChoiceField(
        label=_("Process"), required=False, empty_label=_("All processes"),
        queryset=Process.objects.none(), to_field_name="code",
    )
    overdue = forms.BooleanField(label=_("Only those due for review"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.active().order_by("code")


# --- the context review -----------------------------------------------------------------------
class ContextReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"}),
    )
    next_review_date = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty: after the review period of the row."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=100)

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError(_("A review date cannot be in the future."))
        return reviewed_on

    def clean(self):
        cleaned = super().clean()
        reviewed_on, following = cleaned.get("reviewed_on"), cleaned.get("next_review_date")
        if reviewed_on and following and following <= reviewed_on:
            self.add_error("next_review_date",
                           _("The next review must come after the last one."))
        return cleaned
