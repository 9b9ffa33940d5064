"""Back office of the indicators: the strategy (programmes, axes, objectives), the
indicator sheets and their yearly targets, the feeding applications, and the pages to
enter or import measurements.

Who may do what is decided by the permission policies below, registered for Wagtail:
the role's model permissions (data migration 0002), narrowed for pilots to the
objectives and indicators of their services (qms.viewsets, indicators.permissions)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qms.panels import HistoryPanel
from qms.permissions import is_pilot_of
from qms.viewsets import ServiceScopedPermissionPolicy, ServiceScopedViewSet, with_history

from . import admin_views
from .forms import (
    FeedApplicationAdminForm,
    IndicatorAdminForm,
    IndicatorTargetAdminForm,
    ObjectiveAdminForm,
)
from .models import FeedApplication, Indicator, IndicatorTarget, Objective, Programme, StrategicAxis
from .permissions import can_edit_indicator

# --- Permission policies -------------------------------------------------------------------


class ObjectivePermissionPolicy(ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return is_pilot_of(user, instance.service_id)


class IndicatorPermissionPolicy(ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return can_edit_indicator(user, instance)


class IndicatorTargetPermissionPolicy(ServiceScopedPermissionPolicy):
    service_lookup = "indicator__service"

    def instance_allowed(self, user, instance):
        return can_edit_indicator(user, instance.indicator)


objective_policy = ObjectivePermissionPolicy(Objective)
indicator_policy = IndicatorPermissionPolicy(Indicator)
target_policy = IndicatorTargetPermissionPolicy(IndicatorTarget)
register_permission_policy(Objective, objective_policy)
register_permission_policy(Indicator, indicator_policy)
register_permission_policy(IndicatorTarget, target_policy)


# --- Filters -------------------------------------------------------------------------------


class ProgrammeFilterSet(WagtailFilterSet):
    class Meta:
        model = Programme
        fields = ["is_active"]


class StrategicAxisFilterSet(WagtailFilterSet):
    class Meta:
        model = StrategicAxis
        fields = ["programme"]


class ObjectiveFilterSet(WagtailFilterSet):
    class Meta:
        model = Objective
        fields = ["kind", "status", "service", "axis"]


class IndicatorFilterSet(WagtailFilterSet):
    class Meta:
        model = Indicator
        fields = ["service", "frequency", "source", "category", "feed_application", "is_active"]


class IndicatorTargetFilterSet(WagtailFilterSet):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "indicator__service"]


class FeedApplicationFilterSet(WagtailFilterSet):
    class Meta:
        model = FeedApplication
        fields = ["is_active"]


def _active():
    return BooleanColumn("is_active", label=_("Active"), sort_key="is_active")


# --- Viewsets ------------------------------------------------------------------------------


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "list-ol"
    menu_label = _("Municipal programmes")
    list_display = ["name", "start_year", "end_year", _active()]
    search_fields = ["name"]
    filterset_class = ProgrammeFilterSet
    edit_handler = with_history(_("Programme"), [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("start_year"), FieldPanel("end_year")], heading=_("Years")),
        FieldPanel("description"),
        FieldPanel("is_active"),
    ])


class StrategicAxisViewSet(SnippetViewSet):
    model = StrategicAxis
    icon = "resubmit"
    menu_label = _("Strategic axes")
    list_display = ["code", "title", "programme", "order"]
    search_fields = ["code", "title"]
    filterset_class = StrategicAxisFilterSet
    edit_handler = with_history(_("Strategic axis"), [
        FieldPanel("programme"), FieldPanel("code"), FieldPanel("title"),
        FieldPanel("description"), FieldPanel("order"),
    ])


class ObjectiveViewSet(ServiceScopedViewSet):
    model = Objective
    icon = "crosshairs"
    menu_label = _("Objectives")
    list_display = ["code", "title", "kind", "service", "status", "end_year"]
    search_fields = ["code", "title"]
    filterset_class = ObjectiveFilterSet
    edit_handler = with_history(_("Objective"), [
        FieldPanel("kind"), FieldPanel("code"), FieldPanel("title"), FieldPanel("description"),
        FieldPanel("axis"), FieldPanel("activity"),
        MultiFieldPanel([FieldPanel("service"), FieldPanel("owner")], heading=_("Responsibility")),
        MultiFieldPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("status")],
                        heading=_("Period and status")),
        FieldPanel("processes"),
    ], base_form_class=ObjectiveAdminForm)


class IndicatorViewSet(ServiceScopedViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    list_display = ["code", "title", "service", "frequency", "source", _active()]
    search_fields = ["code", "title"]
    filterset_class = IndicatorFilterSet
    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("code"), FieldPanel("title"), FieldPanel("definition"),
            FieldPanel("purpose"), FieldPanel("formula"), FieldPanel("unit"),
            FieldPanel("category"), FieldPanel("frequency"), FieldPanel("collection_method"),
        ], heading=_("Indicator sheet")),
        ObjectList([
            FieldPanel("service"), FieldPanel("owner"), FieldPanel("source"),
            FieldPanel("feed_application"),
        ], heading=_("Responsibility and source")),
        ObjectList([
            FieldPanel("direction"), FieldPanel("alert_threshold"),
            FieldPanel("critical_threshold"), FieldPanel("baseline"),
            HelpPanel(content=_("The yearly targets are set under Indicators › Yearly targets.")),
        ], heading=_("Target and thresholds")),
        ObjectList([FieldPanel("processes"), FieldPanel("objectives")], heading=_("Links")),
        ObjectList([FieldPanel("is_active"), FieldPanel("is_published")], heading=_("Status")),
        ObjectList([HistoryPanel()], heading=_("History")),
    ], base_form_class=IndicatorAdminForm)


class IndicatorTargetViewSet(ServiceScopedViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("Yearly targets")
    list_display = ["indicator", "year", "value"]
    search_fields = ["indicator__code", "indicator__title"]
    filterset_class = IndicatorTargetFilterSet
    ordering = ["indicator__code", "-year"]
    edit_handler = with_history(_("Yearly target"), [
        FieldPanel("indicator"), FieldPanel("year"), FieldPanel("value"),
    ], base_form_class=IndicatorTargetAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class FeedApplicationViewSet(SnippetViewSet):
    model = FeedApplication
    icon = "key"
    menu_label = _("Feeding applications")
    list_display = [
        "name", "token_prefix", _active(),
        DateColumn("last_used_at", label=_("Last used"), sort_key="last_used_at"),
    ]
    search_fields = ["name"]
    filterset_class = FeedApplicationFilterSet
    add_view_class = admin_views.FeedApplicationCreateView
    edit_view_class = admin_views.FeedApplicationEditView
    edit_handler = with_history(_("Feeding application"), [
        FieldPanel("name"), FieldPanel("description"), FieldPanel("is_active"),
        HelpPanel(content=_(
            "The application authenticates with its token (Authorization: Bearer …) and "
            "may send the values of the indicators that name it as their feeding "
            "application. The token is shown once, when the application is created or its "
            "token regenerated."
        )),
    ], base_form_class=FeedApplicationAdminForm)


class IndicatorsGroup(SnippetViewSetGroup):
    menu_label = _("Indicators")
    menu_icon = "table"
    menu_name = "indicators"
    menu_order = 300
    submenu_hook = "register_indicators_menu_item"
    items = (
        ProgrammeViewSet, StrategicAxisViewSet, ObjectiveViewSet, IndicatorViewSet,
        IndicatorTargetViewSet, FeedApplicationViewSet,
    )


register_snippet(IndicatorsGroup)


# --- Entry and import pages ----------------------------------------------------------------


class MeasurementsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_enter_measurements(request.user)


@hooks.register("register_indicators_menu_item")
def measurement_entry_menu_item():
    return MeasurementsMenuItem(
        _("Enter a measurement"), reverse("indicators_admin:entry"), icon_name="edit",
        order=100,
    )


@hooks.register("register_indicators_menu_item")
def measurement_import_menu_item():
    return MeasurementsMenuItem(
        _("Import a file"), reverse("indicators_admin:import"), icon_name="upload",
        order=110,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("saisie/", admin_views.MeasurementEntryView.as_view(), name="entry"),
        path("import/", admin_views.MeasurementImportView.as_view(), name="import"),
        path("import/modele.xlsx", admin_views.ImportTemplateView.as_view(), name="template"),
        path(
            "applications/<int:pk>/jeton/",
            admin_views.FeedApplicationRegenerateTokenView.as_view(),
            name="regenerate_token",
        ),
    ]
    return [path("indicateurs/", include((urls, "indicators_admin"), namespace="indicators_admin"))]

