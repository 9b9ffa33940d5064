"""Forms of the intranet pages: the register's filters and the verification form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from providers.models import Provider
from qms.models import Service

from .models import MeasuringResource, Verification
from .selectors import RegisterFilters

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Type of resource"), required=False,
                             choices=[("", "—"), *MeasuringResource.Kind.choices])
    service = forms.ModelChoiceField(label=_("Service"), required=False, empty_label="—",
                                     queryset=Service.objects.none())
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("In use (not retired)")),
                                        *MeasuringResource.Status.choices])
    overdue = forms.BooleanField(label=_("Verification overdue"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.active().order_by("name").only(
            "pk", "name")

    def filters(self) -> RegisterFilters:
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(kind=data.get("kind") or "", service=data.get("service"),
                               status=data.get("status") or "",
                               overdue=bool(data.get("overdue")),
                               q=(data.get("q") or "").strip())


class VerificationForm(forms.Form):
    performed_on = forms.DateField(label=_("Date of the verification"),
                                   widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=Verification.Result.choices)
    provider = forms.ModelChoiceField(label=_("External provider"), required=False,
                                      empty_label="—", queryset=Provider.objects.none())
    performed_by = forms.CharField(label=_("Performed by (agent or body)"), required=False,
                                   max_length=200)
    certificate = forms.FileField(label=_("Certificate or report"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Required when not conform: what was found."))

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.active().order_by("name")
        self.initial.setdefault("performed_on", timezone.localdate())
        if resource is not None and resource.provider_id:
            self.initial.setdefault("provider", resource.provider_id)
