"""Forms of the matrix page: a declaration on a clause, a document linked to a clause, a
gap turned into an action. Each carries the clause it is about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ClauseAssessment


class DeclarationForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Declaration"), choices=ClauseAssessment.Status.choices,
                               widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the clause does not apply, or what shows it is covered."),
    )


class DocumentLinkForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    page = forms.IntegerField(label=_("Published document of the service"))


class GapActionForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    gap = forms.CharField(widget=forms.HiddenInput, max_length=500)
    next = forms.CharField(widget=forms.HiddenInput, required=False)
