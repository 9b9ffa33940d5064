"""Back office of the processes: the register and its interactions, the context (issues,
interested parties) — process_admin.py — and the risk sheets and risks — risk_admin.py —
in one menu group. Each module registers its own permission policies and admin URLs."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import process_admin, risk_admin


class ProcessesGroup(SnippetViewSetGroup):
    menu_label = _("Processes and risks")
    menu_icon = "sitemap"
    menu_name = "processes"
    menu_order = 250
    submenu_hook = "register_processes_menu_item"
    items = (*process_admin.VIEWSETS, *risk_admin.VIEWSETS)


if ProcessesGroup.items:
    register_snippet(ProcessesGroup)
