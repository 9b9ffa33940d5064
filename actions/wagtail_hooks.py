"""Back office of the action plan: one menu item, « Plan d'actions », listing the actions
the user works on, with their filters, and the action form.

Who may do what: the roles' model permissions (data migration 0002), narrowed by the
permission policy below — the quality engineer works on every action, a pilot on the
actions of their services (and the ones they own). Actions are cancelled with a reason,
never deleted.

Every write goes through actions.services (admin_forms.ActionAdminForm): a new action
gets its reference from ``action_create``; a change is validated by the model's rules,
then recorded by the service matching it (update, effectiveness check, closure,
cancellation, reopening). The source of an action is set by the module that created it
and is only shown here."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

from qms import roles
from qms.panels import HistoryPanel
from qms.permissions import is_quality_engineer, service_ids_of
from qms.viewsets import ScopedEditView, ServiceScopedPermissionPolicy, ServiceScopedViewSet

from .admin_forms import ActionAdminForm
from .models import Action
from .permissions import can_edit_action

# --- Permission policy -------------------------------------------------------------------------


class ActionPermissionPolicy(ServiceScopedPermissionPolicy):
    """The quality engineer: every action; a pilot: the actions of their services and the
    ones they own. Never deleted (cancelled with a reason instead)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return can_edit_action(user, instance)

    def scope(self, user, queryset):
        if is_quality_engineer(user):
            return queryset
        if not roles.user_has_role(user, roles.PILOT):
            return queryset.none()
        return queryset.filter(Q(service__in=service_ids_of(user)) | Q(owner=user))


action_policy = ActionPermissionPolicy(Action)
register_permission_policy(Action, action_policy)


# --- Filters -----------------------------------------------------------------------------------


def _source_types(request):
    used = Action.objects.filter(source_content_type__isnull=False).values(
        "source_content_type")
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


class ActionFilterSet(WagtailFilterSet):
    late = django_filters.BooleanFilter(label=_("Late"), method="filter_late")
    source_content_type = django_filters.ModelChoiceFilter(
        label=_("Source type"), queryset=_source_types,
    )

    class Meta:
        model = Action
        fields = ["kind", "status", "service", "source_content_type", "late"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=Action.OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


# --- Panels ------------------------------------------------------------------------------------


class ShownPanel(FieldPanel):
    """A read-only field, shown only when the action has a value for it (the reference
    and the source once the action exists)."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            instance = self.instance
            return bool(instance is not None and instance.pk
                        and getattr(instance, self.field_name, "") and super().is_shown())


def _due_date(action):
    return formats.date_format(action.due_date, "SHORT_DATE_FORMAT")


def _progress(action):
    return f"{action.progress} %"


def _late(action):
    """« 12 days late » for an overdue action, nothing otherwise (not a red cross on every
    action on time)."""
    if not getattr(action, "is_late_db", action.is_late):
        return ""
    days = action.days_late
    return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}


# --- Views -------------------------------------------------------------------------------------


class _ThroughServicesMixin:
    """Save the form through actions.services; a refusal of a service comes back on the
    form, and nothing is written."""

    def form_valid(self, form):
        self.form = form
        try:
            self.object = form.save_through_services(self.request.user)
        except (ValidationError, PermissionDenied) as error:
            form.add_service_error(error if isinstance(error, ValidationError)
                                   else ValidationError(str(error) or _(
                                       "You may not change this action.")))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        log(instance=self.object, action=self.log_action, user=self.request.user)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class ActionCreateView(_ThroughServicesMixin, CreateView):
    log_action = "wagtail.create"


class ActionEditView(_ThroughServicesMixin, ScopedEditView):
    log_action = "wagtail.edit"


class ActionViewSet(ServiceScopedViewSet):
    model = Action
    icon = "tasks"
    menu_label = _("Action plan")
    menu_name = "action-plan"
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = ActionCreateView
    edit_view_class = ActionEditView
    copy_view_enabled = False
    list_display = [
        "reference", "title", "kind", "service", "owner",
        Column("due_date", label=_("Due date"), accessor=_due_date, sort_key="due_date"),
        "status",
        Column("progress", label=_("Progress"), accessor=_progress, sort_key="progress"),
        Column("is_late_db", label=_("Late"), accessor=_late, sort_key="is_late_db"),
    ]
    filterset_class = ActionFilterSet
    search_fields = ["reference", "title", "description", "source_label"]
    ordering = ["due_date", "reference"]
    edit_handler = TabbedInterface([
        ObjectList([
            ShownPanel("reference"), ShownPanel("source_label"),
            FieldPanel("title"), FieldPanel("kind"), FieldPanel("description"),
            FieldPanel("expected_result"),
        ], heading=_("Action")),
        ObjectList([
            MultiFieldPanel([FieldPanel("owner"), FieldPanel("service")],
                            heading=_("Responsibility")),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("due_date")],
                          heading=_("Dates")),
            MultiFieldPanel([
                FieldPanel("status"), FieldPanel("progress"), FieldPanel("cancellation_reason"),
                FieldPanel("change_reason"),
            ], heading=_("Progress")),
        ], heading=_("Follow-up")),
        ObjectList([
            FieldRowPanel([FieldPanel("operating_budget_planned"),
                           FieldPanel("operating_budget_spent")],
                          heading=_("Operating budget")),
            FieldRowPanel([FieldPanel("investment_budget_planned"),
                           FieldPanel("investment_budget_spent")],
                          heading=_("Investment budget")),
        ], heading=_("Budget")),
        ObjectList([
            FieldPanel("effectiveness_checked_at"), FieldPanel("effectiveness_verdict"),
            FieldPanel("effectiveness_evidence"),
        ], heading=_("Effectiveness check")),
        ObjectList([HistoryPanel()], heading=_("History")),
    ], base_form_class=ActionAdminForm)

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("owner", "service")
                .annotate_late())


register_snippet(ActionViewSet)
