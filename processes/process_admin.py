"""Back office of the process register and the context: the processes, their
interactions (the arrows of the map), the context issues and the interested parties, and
the process map with links to the processes' edit pages.

Who may do what: the roles' model permissions (data migration 0003), narrowed for pilots
to the processes owned by their services and to the interactions leaving those processes
(qms.viewsets); pilots read the context. Nothing is deleted from the back office: a
process is archived (its status), an issue or an interested party made inactive."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from qms.panels import HistoryPanel
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from . import selectors
from .forms import ContextAdminForm, ProcessAdminForm, ProcessInteractionAdminForm
from .models import ContextIssue, InterestedParty, Process, ProcessInteraction
from .services.process import can_edit_interaction, can_edit_process

# --- Permission policies ----------------------------------------------------------------------


class _NeverDelete:
    """Rows are archived, never deleted from the back office (the history keeps them)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class ProcessPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return can_edit_process(user, instance)


class InteractionPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "source__service"

    def instance_allowed(self, user, instance):
        return can_edit_interaction(user, instance)


class ContextPermissionPolicy(_NeverDelete, ModelPermissionPolicy):
    """The quality engineer writes the context; pilots read it (model permissions)."""


process_policy = ProcessPermissionPolicy(Process)
interaction_policy = InteractionPermissionPolicy(ProcessInteraction)
issue_policy = ContextPermissionPolicy(ContextIssue)
party_policy = ContextPermissionPolicy(InterestedParty)
register_permission_policy(Process, process_policy)
register_permission_policy(ProcessInteraction, interaction_policy)
register_permission_policy(ContextIssue, issue_policy)
register_permission_policy(InterestedParty, party_policy)


# --- Filters ----------------------------------------------------------------------------------


class ProcessFilterSet(WagtailFilterSet):
    class Meta:
        model = Process
        fields = ["family", "status", "service"]


class InteractionFilterSet(WagtailFilterSet):
    class Meta:
        model = ProcessInteraction
        fields = ["source", "target"]


class ContextIssueFilterSet(WagtailFilterSet):
    class Meta:
        model = ContextIssue
        fields = ["kind", "category", "trend", "climate_relevant", "is_active", "processes"]


class InterestedPartyFilterSet(WagtailFilterSet):
    class Meta:
        model = InterestedParty
        fields = ["category", "influence", "is_active", "processes"]


def _review_panels():
    return MultiFieldPanel([
        FieldPanel("review_period_months"), FieldPanel("last_reviewed_at"),
        FieldPanel("last_reviewed_by"), FieldPanel("next_review_date"),
    ], heading=_("Periodic review"))


# --- Viewsets ---------------------------------------------------------------------------------


class ProcessViewSet(ServiceScopedViewSet):
    model = Process
    icon = "sitemap"
    menu_label = _("Process register")
    list_display = ["code", "name", "family", "pilot", "service", "status", "map_order"]
    search_fields = ["code", "name"]
    filterset_class = ProcessFilterSet
    ordering = ["family", "map_order", "code"]
    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("code"), FieldPanel("name"), FieldPanel("family"),
            FieldPanel("status"),
        ], heading=_("Process")),
        ObjectList([
            FieldPanel("pilot"), FieldPanel("service"), FieldPanel("services"),
        ], heading=_("Responsibility")),
        ObjectList([
            FieldPanel("process_sheet"), FieldPanel("documents"), FieldPanel("map_order"),
        ], heading=_("Sheet, documents and map")),
        ObjectList([HistoryPanel()], heading=_("History")),
    ], base_form_class=ProcessAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pilot", "service")


class ProcessInteractionViewSet(ServiceScopedViewSet):
    model = ProcessInteraction
    icon = "arrow-right"
    menu_label = _("Process interactions")
    list_display = ["source", "target", "description"]
    search_fields = ["description"]
    filterset_class = InteractionFilterSet
    edit_handler = with_history(_("Interaction"), [
        FieldPanel("source"), FieldPanel("target"), FieldPanel("description"),
    ], base_form_class=ProcessInteractionAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "target")


class ContextIssueViewSet(SnippetViewSet):
    model = ContextIssue
    icon = "globe"
    menu_label = _("Context issues")
    inspect_view_enabled = True
    list_display = [
        "title", "kind", "category", "trend",
        BooleanColumn("climate_relevant", label=_("Climate"), sort_key="climate_relevant"),
        DateColumn("next_review_date", label=_("Next review"), sort_key="next_review_date"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["title", "description"]
    filterset_class = ContextIssueFilterSet
    edit_handler = with_history(_("Context issue"), [
        FieldPanel("kind"), FieldPanel("category"), FieldPanel("title"),
        FieldPanel("description"), FieldPanel("trend"), FieldPanel("climate_relevant"),
        FieldPanel("processes"), _review_panels(), FieldPanel("is_active"),
    ], base_form_class=ContextAdminForm)


class InterestedPartyViewSet(SnippetViewSet):
    model = InterestedParty
    icon = "group"
    menu_label = _("Interested parties")
    inspect_view_enabled = True
    list_display = [
        "name", "category", "influence",
        DateColumn("next_review_date", label=_("Next review"), sort_key="next_review_date"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["name", "needs_and_expectations"]
    filterset_class = InterestedPartyFilterSet
    edit_handler = with_history(_("Interested party"), [
        FieldPanel("name"), FieldPanel("category"), FieldPanel("influence"),
        FieldPanel("needs_and_expectations"), FieldPanel("requirements"),
        FieldPanel("processes"), _review_panels(), FieldPanel("is_active"),
    ], base_form_class=ContextAdminForm)


VIEWSETS = [ProcessViewSet, ProcessInteractionViewSet, ContextIssueViewSet,
            InterestedPartyViewSet]


# --- The process map in the back office -------------------------------------------------------


def may_view_map(user) -> bool:
    return process_policy.user_has_permission(user, "view")


class ProcessMapAdminView(WagtailAdminTemplateMixin, TemplateView):
    """The map of the intranet, each box opening the process's edit page (or its intranet
    page when the user may not edit it)."""

    template_name = "processes/admin/process_map.html"
    page_title = _("Process map")
    header_icon = "sitemap"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_map(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        from .views import process_url, render_map

        user = self.request.user

        def href(process):
            if can_edit_process(user, process):
                return reverse("wagtailsnippets_processes_process:edit", args=[quote(process.pk)])
            return process_url(process)

        data = selectors.map_data()
        context = super().get_context_data(**kwargs)
        context.update({
            "map_svg": render_map(data, href=href),
            "interactions": data.interactions,
            "pdf_url": reverse("processes:map_pdf"),
            "intranet_url": reverse("processes:index"),
        })
        return context


class ProcessMapMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_map(request.user)


@hooks.register("register_processes_menu_item")
def process_map_menu_item():
    return ProcessMapMenuItem(
        _("Process map"), reverse("processes_admin:map"), icon_name="sitemap", order=5,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [path("carte/", ProcessMapAdminView.as_view(), name="map")]
    return [path("processus/", include((urls, "processes_admin"), namespace="processes_admin"))]
