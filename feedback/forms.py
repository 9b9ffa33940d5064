"""Intranet forms: recording and handling a complaint or request, filtering the list,
building a survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.models import Service

from .models import Question, Survey, UserFeedback
from .permissions import can_judge_feedback


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = UserFeedback
        fields = ["kind", "channel", "service", "subject", "description", "citizen_name",
                  "citizen_contact", "received_on", "acknowledged_on", "answered_on",
                  "answer", "justified"]
        widgets = {"received_on": DateInput(), "acknowledged_on": DateInput(),
                   "answered_on": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 4}),
                   "answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        if len(services) == 1 and not self.instance.pk:
            self.fields["service"].initial = services[0]
        probe = self.instance if self.instance.pk else UserFeedback(
            service=services[0] if services else None)
        if not (probe.service_id and can_judge_feedback(user, probe)):
            del self.fields["justified"]

    def _post_clean(self):
        # Validation is the service's (it runs full_clean); keep the form's own checks.
        pass


class FeedbackFilterForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none(),
                                     required=False, empty_label=_("All"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *UserFeedback.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), *UserFeedback.Status.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class SurveyForm(forms.ModelForm):
    """A survey's settings on the intranet; validation is the service's."""

    class Meta:
        model = Survey
        fields = ["title", "audience", "service", "intro", "opens_on", "closes_on", "status"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput(),
                   "intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, services, service_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].required = service_required
        if service_required:  # a municipality-wide survey is the quality engineer's
            self.fields["service"].help_text = ""
        if service_required and len(services) == 1 and not self.instance.pk:
            self.fields["service"].initial = services[0]
        if not self.instance.pk:  # a new survey is a draft until its questions are written
            del self.fields["status"]

    def _post_clean(self):
        pass


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "required", "help_text"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "question")
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.setdefault("size", 60)

    def _post_clean(self):
        pass
