"""Wagtail's user administration, with the user's service and job title."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from qms.models import Service

ORGANISATION_FIELDS = ("service", "job_title")


class _OrganisationFieldsMixin(forms.ModelForm):
    service = forms.ModelChoiceField(
        queryset=Service.objects.active(), required=False, label=_("Service")
    )
    job_title = forms.CharField(required=False, label=_("Job title"), max_length=200)


class QmsUserCreationForm(_OrganisationFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ORGANISATION_FIELDS)


class QmsUserEditForm(_OrganisationFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ORGANISATION_FIELDS)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return QmsUserEditForm if for_update else QmsUserCreationForm
