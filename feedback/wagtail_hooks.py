"""Back office of user feedback, in one "User feedback" menu group: complaints and
requests, surveys and their questions, the responses (read only), the service
commitments and the computed complaint indicators.

Who may do what: the roles' model permissions (data migration 0002), narrowed by the
policies below (feedback/permissions.py): a pilot works on the complaints, requests and
surveys of their services, the quality engineer on all. Nothing is deleted from the back
office: the history keeps every version."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from .models import (
    Commitment,
    FeedbackIndicator,
    Question,
    Survey,
    SurveyResponse,
    UserFeedback,
)
from .permissions import can_edit_feedback, can_judge_feedback, can_manage_survey
from .services.complaints import _next_reference

# --- Permission policies ----------------------------------------------------------------------


class _NeverDelete:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class FeedbackPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "service"

    def instance_allowed(self, user, instance):
        return can_edit_feedback(user, instance)


class SurveyPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "service"

    def instance_allowed(self, user, instance):
        return can_manage_survey(user, instance)


class QuestionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "survey__service"

    def instance_allowed(self, user, instance):
        return can_manage_survey(user, instance.survey)


class ResponsePolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    """Responses are read, never written from the back office."""

    service_lookup = "survey__service"

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return can_manage_survey(user, instance.survey)


class NeverDeletePolicy(_NeverDelete, ModelPermissionPolicy):
    pass


register_permission_policy(UserFeedback, FeedbackPolicy(UserFeedback))
register_permission_policy(Survey, SurveyPolicy(Survey))
register_permission_policy(Question, QuestionPolicy(Question))
register_permission_policy(SurveyResponse, ResponsePolicy(SurveyResponse))
register_permission_policy(Commitment, NeverDeletePolicy(Commitment))
register_permission_policy(FeedbackIndicator, NeverDeletePolicy(FeedbackIndicator))


# --- Forms ------------------------------------------------------------------------------------


def _services_for(user):
    services = Service.objects.active().order_by("name")
    if user is None or is_quality_engineer(user):
        return services
    return services.filter(pk__in=service_ids_of(user))


class FeedbackAdminForm(WagtailAdminModelForm):
    """The service among the user's; `justified` only for those who judge; the
    reference numbered on creation (REC-2026-0001, DEM-2026-0001)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "service" in self.fields:
            self.fields["service"].widget = forms.Select()
            self.fields["service"].queryset = _services_for(self.for_user)
        probe = self.instance if self.instance.pk else None
        if ("justified" in self.fields and self.for_user is not None and probe is not None
                and not can_judge_feedback(self.for_user, probe)):
            self.fields["justified"].disabled = True

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not instance.reference:
            instance.reference = _next_reference(
                instance.kind, instance.received_on.year)
        if not instance.recorded_by_id and self.for_user is not None:
            instance.recorded_by = self.for_user
        if commit:
            instance.save()
        return instance


class SurveyAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "service" in self.fields:
            self.fields["service"].widget = forms.Select()
            self.fields["service"].queryset = _services_for(self.for_user)
            if self.for_user is not None and not is_quality_engineer(self.for_user):
                self.fields["service"].required = True


class QuestionAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "survey" in self.fields:
            self.fields["survey"].widget = forms.Select()
            surveys = Survey.objects.order_by("-pk")
            if self.for_user is not None and not is_quality_engineer(self.for_user):
                surveys = surveys.filter(service__in=service_ids_of(self.for_user))
            self.fields["survey"].queryset = surveys

    def clean(self):
        """Same rule as the intranet's survey building: once a survey has responses, its
        questions (and the questions added to it) are refused, nothing is changed."""
        from .services import SurveyLocked, questions_editable

        cleaned = super().clean()
        surveys = [cleaned.get("survey")]
        if self.instance.pk:
            surveys.append(self.instance.survey)
        for survey in surveys:
            if survey is not None and not questions_editable(survey):
                raise SurveyLocked()
        return cleaned


# --- Filters and columns ------------------------------------------------------------------------


class FeedbackFilterSet(WagtailFilterSet):
    class Meta:
        model = UserFeedback
        fields = ["kind", "channel", "service", "justified"]


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


# --- Viewsets ---------------------------------------------------------------------------------


class FeedbackViewSet(ServiceScopedViewSet):
    model = UserFeedback
    icon = "mail"
    menu_label = _("Complaints and requests")
    inspect_view_enabled = True
    list_display = ["reference", "subject", "kind", "service",
                    DateColumn("received_on", label=_("Received on"), sort_key="received_on"),
                    StatusColumn("status", label=_("Status"))]
    search_fields = ["reference", "subject", "description"]
    filterset_class = FeedbackFilterSet
    ordering = ["-received_on"]
    edit_handler = with_history(_("Complaint or request"), [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("channel"), FieldPanel("service")]),
        FieldPanel("subject"), FieldPanel("description"),
        MultiFieldPanel([FieldPanel("citizen_name"), FieldPanel("citizen_contact")],
                        heading=_("Citizen (optional, personal data)")),
        FieldRowPanel([FieldPanel("received_on"), FieldPanel("acknowledged_on"),
                       FieldPanel("answered_on")]),
        FieldPanel("answer"), FieldPanel("justified"),
    ], base_form_class=FeedbackAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class SurveyViewSet(ServiceScopedViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Satisfaction surveys")
    inspect_view_enabled = True
    list_display = ["title", "audience", "service", "status",
                    DateColumn("opens_on", label=_("Opens on"), sort_key="opens_on"),
                    DateColumn("closes_on", label=_("Closes on"), sort_key="closes_on")]
    list_filter = ["audience", "status", "service"]
    search_fields = ["title", "intro"]
    edit_handler = with_history(_("Survey"), [
        FieldPanel("title"), FieldRowPanel([FieldPanel("audience"), FieldPanel("service")]),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on"), FieldPanel("status")]),
    ], base_form_class=SurveyAdminForm)


class QuestionViewSet(ServiceScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Survey questions")
    list_display = ["text", "survey", "order", "kind", BooleanColumn("required")]
    list_filter = ["survey", "kind"]
    ordering = ["survey", "order"]
    edit_handler = with_history(_("Question"), [
        FieldPanel("survey"), FieldRowPanel([FieldPanel("order"), FieldPanel("kind"),
                                             FieldPanel("required")]),
        FieldPanel("text"), FieldPanel("help_text"), FieldPanel("indicator"),
    ], base_form_class=QuestionAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey")


class ResponseViewSet(ServiceScopedViewSet):
    model = SurveyResponse
    icon = "list-ul"
    menu_label = _("Survey responses")
    inspect_view_enabled = True
    list_display = ["survey", DateColumn("submitted_at", label=_("Submitted at"))]
    list_filter = ["survey"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("survey")


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    icon = "success"
    menu_label = _("Service commitments")
    inspect_view_enabled = True
    list_display = ["number", "title", "label", BooleanColumn("is_published"),
                    BooleanColumn("is_active")]
    list_filter = ["label", "is_published", "is_active"]
    search_fields = ["title", "description"]
    edit_handler = with_history(_("Commitment"), [
        FieldRowPanel([FieldPanel("number"), FieldPanel("label")]),
        FieldPanel("title"), FieldPanel("description"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("indicators"),
        FieldRowPanel([FieldPanel("is_published"), FieldPanel("is_active")]),
    ])


class FeedbackIndicatorViewSet(SnippetViewSet):
    model = FeedbackIndicator
    icon = "cogs"
    menu_label = _("Computed complaint indicators")
    list_display = ["metric", "service", "kind", "indicator"]
    edit_handler = with_history(_("Computed indicator"), [
        FieldPanel("metric"), FieldPanel("service"), FieldPanel("kind"),
        FieldPanel("indicator"),
    ])


class FeedbackGroup(SnippetViewSetGroup):
    menu_label = _("User feedback")
    menu_icon = "mail"
    menu_name = "feedback"
    menu_order = 320
    items = (FeedbackViewSet, SurveyViewSet, QuestionViewSet, ResponseViewSet,
             CommitmentViewSet, FeedbackIndicatorViewSet)


register_snippet(FeedbackGroup)
