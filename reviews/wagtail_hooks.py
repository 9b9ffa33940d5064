"""Back office of the reviews: the management reviews (identity, participants, minutes),
their input sections (the quality engineer's comments; the data is compiled on the review
page), their decisions, and the process reviews — in one "Reviews" menu group.

Who may do what: the roles' model permissions (data migration 0002) — the quality
engineer writes, the pilots prepare the process reviews of their services — narrowed by
the policies below. A validated review and everything in it is read-only (inspect only):
the policies refuse "change", and the models' `clean` refuses it again. Nothing is
deleted. Decisions are recorded on the review page, which creates their action in the
action plan; the back office only corrects them before validation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import DateColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from processes.models import Process
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from .models import ManagementReview, ProcessReview, ReviewDecision, ReviewInput
from .permissions import can_edit_process_review


class _FrozenPolicy(ServiceScopedPermissionPolicy):
    """Model permissions; never delete; no change once the review is validated."""

    def frozen(self, instance) -> bool:
        raise NotImplementedError

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view" and self.frozen(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)

    def instance_allowed(self, user, instance) -> bool:
        return False  # the quality engineer only (ServiceScopedPermissionPolicy)

    def scope(self, user, queryset):
        return queryset if is_quality_engineer(user) else queryset.none()


class ManagementReviewPolicy(_FrozenPolicy):
    def frozen(self, instance):
        return instance.is_validated


class ReviewInputPolicy(_FrozenPolicy):
    def user_has_permission(self, user, action):
        if action == "add":
            return False  # one per section, made by the review
        return super().user_has_permission(user, action)

    def frozen(self, instance):
        return instance.review.is_validated


class ReviewDecisionPolicy(_FrozenPolicy):
    def user_has_permission(self, user, action):
        if action == "add":
            return False  # recorded on the review page, with their action
        return super().user_has_permission(user, action)

    def frozen(self, instance):
        return instance.parent.is_validated

    def scope(self, user, queryset):
        return queryset if is_quality_engineer(user) else queryset.none()


class ProcessReviewPolicy(_FrozenPolicy):
    service_lookup = "process__service"

    def frozen(self, instance):
        return instance.is_validated

    def instance_allowed(self, user, instance):
        return can_edit_process_review(user, instance)

    def scope(self, user, queryset):
        return ServiceScopedPermissionPolicy.scope(self, user, queryset)


review_policy = ManagementReviewPolicy(ManagementReview)
input_policy = ReviewInputPolicy(ReviewInput)
decision_policy = ReviewDecisionPolicy(ReviewDecision)
process_review_policy = ProcessReviewPolicy(ProcessReview)
register_permission_policy(ManagementReview, review_policy)
register_permission_policy(ReviewInput, input_policy)
register_permission_policy(ReviewDecision, decision_policy)
register_permission_policy(ProcessReview, process_review_policy)


class ProcessReviewAdminForm(WagtailAdminModelForm):
    """A pilot prepares the reviews of their services' processes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "process" in self.fields:
            field = self.fields["process"]
            field.widget = forms.Select()
            field.queryset = Process.objects.active().order_by("code")
            user = self.for_user
            if user is not None and not is_quality_engineer(user):
                field.queryset = field.queryset.filter(service__in=service_ids_of(user))


class ManagementReviewViewSet(ServiceScopedViewSet):
    model = ManagementReview
    icon = "clipboard-list"
    menu_label = _("Management reviews")
    inspect_view_enabled = True
    list_display = [
        "title",
        DateColumn("period_start", label=_("Period from"), sort_key="period_start"),
        DateColumn("period_end", label=_("Period to"), sort_key="period_end"),
        DateColumn("held_on", label=_("Held on"), sort_key="held_on"),
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["title", "minutes"]
    ordering = ["-period_end"]
    edit_handler = with_history(_("Management review"), [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")],
                      heading=_("Period reviewed")),
        MultiFieldPanel([FieldPanel("held_on"), FieldPanel("place"),
                         FieldPanel("participants", widget=forms.SelectMultiple(
                             attrs={"size": 10})),
                         FieldPanel("external_participants")], heading=_("Meeting")),
        FieldPanel("minutes"),
    ])


class ReviewInputViewSet(ServiceScopedViewSet):
    model = ReviewInput
    icon = "doc-full"
    menu_label = _("Review inputs")
    inspect_view_enabled = True
    list_display = ["review", "section",
                    DateColumn("compiled_at", label=_("Compiled on"), sort_key="compiled_at")]
    list_filter = ["review", "section"]
    ordering = ["review", "section"]
    edit_handler = with_history(_("Review input"), [FieldPanel("comment")])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review")


class ReviewDecisionViewSet(ServiceScopedViewSet):
    model = ReviewDecision
    icon = "tasks"
    menu_label = _("Review decisions")
    inspect_view_enabled = True
    list_display = ["__str__", "kind", "review", "process_review", "owner",
                    DateColumn("due_date", label=_("Due date"), sort_key="due_date")]
    list_filter = ["kind", "review"]
    ordering = ["-pk"]
    edit_handler = with_history(_("Review decision"), [
        FieldPanel("kind"), FieldPanel("text"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("service"), FieldPanel("due_date")]),
    ])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "review", "process_review__process", "owner")


class ProcessReviewViewSet(ServiceScopedViewSet):
    model = ProcessReview
    icon = "clipboard-list"
    menu_label = _("Process reviews")
    inspect_view_enabled = True
    list_display = ["__str__",
                    DateColumn("period_start", label=_("Period from"), sort_key="period_start"),
                    DateColumn("period_end", label=_("Period to"), sort_key="period_end"),
                    DateColumn("held_on", label=_("Held on"), sort_key="held_on"), "status"]
    list_filter = ["status", "process"]
    ordering = ["-period_end"]
    edit_handler = with_history(_("Process review"), [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")],
                      heading=_("Period reviewed")),
        FieldPanel("held_on"),
        FieldPanel("participants", widget=forms.SelectMultiple(attrs={"size": 10})),
        FieldPanel("comment"), FieldPanel("conclusions"),
    ], base_form_class=ProcessReviewAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("process")


class ReviewsGroup(SnippetViewSetGroup):
    menu_label = _("Reviews")
    menu_icon = "clipboard-list"
    menu_name = "reviews"
    menu_order = 280
    items = (ManagementReviewViewSet, ReviewInputViewSet, ReviewDecisionViewSet,
             ProcessReviewViewSet)


register_snippet(ReviewsGroup)
