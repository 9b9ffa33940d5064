from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from qms.models import Service

from .models import ReviewDecision


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReviewDecision.Kind.choices)
    title = forms.CharField(label=_("Action title"), max_length=255, required=False,
                            help_text=_("The title of the action created in the action plan; "
                                        "by default the start of the decision."))
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none())
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    due_date = forms.DateField(label=_("Due date"),
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            is_active=True).order_by("last_name", "first_name")
        self.fields["service"].queryset = Service.objects.order_by("name")
