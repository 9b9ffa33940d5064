from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Service, Site
from .panels import HistoryPanel


class ServiceFilterSet(WagtailFilterSet):
    class Meta:
        model = Service
        fields = ["kind", "parent", "is_active"]


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "group"
    menu_label = _("Services")
    list_display = ["name", "code", "kind", "parent", "is_active"]
    search_fields = ["name", "code"]
    filterset_class = ServiceFilterSet
    ordering = ["name"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"),
                 FieldPanel("parent"), FieldPanel("email"), FieldPanel("is_active")],
                heading=_("Service"),
            ),
            ObjectList([HistoryPanel()], heading=_("History")),
        ]
    )


class SiteViewSet(SnippetViewSet):
    model = Site
    icon = "site"
    menu_label = _("Sites")
    list_display = ["name", "is_active"]
    search_fields = ["name", "address"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [FieldPanel("name"), FieldPanel("address"), FieldPanel("services"),
                 FieldPanel("is_active")],
                heading=_("Site"),
            ),
            ObjectList([HistoryPanel()], heading=_("History")),
        ]
    )


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 800
    items = (ServiceViewSet, SiteViewSet)


register_snippet(OrganisationGroup)


@hooks.register("construct_main_menu")
def hide_explorer_clutter(request, menu_items):
    """Agents never reach the admin; pilots do not need Wagtail's image library."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in ("images",)]
