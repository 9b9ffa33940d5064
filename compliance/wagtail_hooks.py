"""Back office of the regulatory watch: topics, texts and their requirements, and the
evaluations (read only here: they are recorded from a text's page on the intranet, through
compliance.services.evaluation_record, which validates every row and opens the actions).

Who may do what: the roles' model permissions (migration 0002), narrowed by the policies
below to the texts of the user's services (or owned) for a pilot (compliance.permissions),
every text for the quality engineer. Nothing is deleted: a text or a requirement is
archived (untick "active"), its history stays."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from . import permissions
from .models import Evaluation, Regulation, Requirement, Topic


class _NeverDelete:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class RegulationPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return permissions.can_edit_regulation(user, instance)

    def scope(self, user, queryset):
        return permissions.editable_regulations(user, queryset)


class RequirementPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return permissions.can_edit_regulation(user, instance.regulation)

    def scope(self, user, queryset):
        return queryset.filter(regulation__in=permissions.editable_regulations(user))


class EvaluationPermissionPolicy(ServiceScopedPermissionPolicy):
    """Read only in the back office (recorded on the intranet)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_view_regulation(user, instance.regulation)

    def scope(self, user, queryset):
        return queryset.filter(
            regulation__in=permissions.visible_regulations(user))


class TopicPermissionPolicy(_NeverDelete, ModelPermissionPolicy):
    pass


regulation_policy = RegulationPermissionPolicy(Regulation)
requirement_policy = RequirementPermissionPolicy(Requirement)
evaluation_policy = EvaluationPermissionPolicy(Evaluation)
register_permission_policy(Regulation, regulation_policy)
register_permission_policy(Requirement, requirement_policy)
register_permission_policy(Evaluation, evaluation_policy)
register_permission_policy(Topic, TopicPermissionPolicy(Topic))


class _ServiceChoices(WagtailAdminModelForm):
    def _narrow_services(self, name):
        if name not in self.fields:
            return
        field = self.fields[name]
        field.widget = forms.CheckboxSelectMultiple()
        field.queryset = Service.objects.active().order_by("name")


class RegulationAdminForm(_ServiceChoices):
    """A pilot records the texts of their services: at least one of them is ticked, or
    they own the text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_services("services")
        if "processes" in self.fields:
            self.fields["processes"].widget = forms.CheckboxSelectMultiple()

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is not None and not is_quality_engineer(user):
            ids = {s.pk for s in cleaned.get("services") or []}
            owner = cleaned.get("owner")
            if not (ids & service_ids_of(user)) and getattr(owner, "pk", None) != user.pk:
                self.add_error("services", _(
                    "Tick one of your services, or name yourself as the owner."))
        return cleaned


class RequirementAdminForm(_ServiceChoices):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_services("services")
        if "regulation" in self.fields:
            self.fields["regulation"].widget = forms.Select()
            self.fields["regulation"].queryset = permissions.editable_regulations(
                self.for_user, Regulation.objects.active().order_by("title"))


class RegulationFilterSet(WagtailFilterSet):
    service = ModelChoiceFilter(label=_("service"), field_name="services",
                                queryset=Service.objects.order_by("name"))

    class Meta:
        model = Regulation
        fields = ["topic", "kind", "service", "applicability", "nature", "is_active"]


class RequirementFilterSet(WagtailFilterSet):
    active_text = BooleanFilter(label=_("active text"), field_name="regulation__is_active")

    class Meta:
        model = Requirement
        fields = ["regulation", "is_active"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", BooleanColumn("is_active", label=_("Active"))]
    edit_handler = with_history(_("Topic"), [
        FieldPanel("name"), FieldPanel("description"), FieldPanel("is_active"),
    ])


class RegulationViewSet(ServiceScopedViewSet):
    model = Regulation
    icon = "doc-full"
    menu_label = _("Texts")
    inspect_view_enabled = True
    list_display = [
        "title", "kind", "number", "topic", "applicability", "owner",
        DateColumn("next_evaluation_due", label=_("Next evaluation due"),
                   sort_key="next_evaluation_due"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["title", "number", "summary"]
    filterset_class = RegulationFilterSet
    ordering = ["title"]
    edit_handler = with_history(_("Text"), [
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("kind"), FieldPanel("number"),
                           FieldPanel("published_on")]),
            FieldPanel("url"),
        ], heading=_("Reference")),
        FieldPanel("title"), FieldPanel("topic"),
        FieldRowPanel([FieldPanel("in_force_on"), FieldPanel("nature")]),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("applicability"), FieldPanel("applicability_reason")],
                        heading=_("Applicability")),
        FieldPanel("services"), FieldPanel("processes"), FieldPanel("owner"),
        MultiFieldPanel([FieldPanel("evaluation_cycle_months"),
                         FieldPanel("next_evaluation_due")],
                        heading=_("Evaluation cycle")),
        FieldPanel("is_active"),
    ], base_form_class=RegulationAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic", "owner")


class RequirementViewSet(ServiceScopedViewSet):
    model = Requirement
    icon = "list-ul"
    menu_label = _("Requirements")
    list_display = ["article", "regulation", "order",
                    BooleanColumn("is_active", label=_("Active"), sort_key="is_active")]
    search_fields = ["article", "text"]
    filterset_class = RequirementFilterSet
    ordering = ["regulation__title", "order"]
    edit_handler = with_history(_("Requirement"), [
        FieldPanel("regulation"), FieldRowPanel([FieldPanel("article"), FieldPanel("order")]),
        FieldPanel("text"), FieldPanel("services"), FieldPanel("is_active"),
    ], base_form_class=RequirementAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("regulation")


class EvaluationViewSet(ServiceScopedViewSet):
    model = Evaluation
    icon = "tasks"
    menu_label = _("Compliance evaluations")
    inspect_view_enabled = True
    list_display = ["regulation",
                    DateColumn("evaluated_on", label=_("Evaluated on"), sort_key="evaluated_on"),
                    "assessor"]
    ordering = ["-evaluated_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("regulation", "assessor")


class ComplianceGroup(SnippetViewSetGroup):
    menu_label = _("Regulatory watch")
    menu_icon = "doc-full"
    menu_name = "compliance"
    menu_order = 270
    items = (RegulationViewSet, RequirementViewSet, EvaluationViewSet, TopicViewSet)


register_snippet(ComplianceGroup)
