"""Back office of the innovation & performance programme, in one menu group: the
programme's set-up (programmes, bodies, axes, levels of arbitration, themes, working
groups, members, meetings, inventory), the ideas and proposals, the contracts, the
steering committees and the news; the money and the reporting read only.

Who may do what: the roles' model permissions (data migration 0002) — the quality
engineer sets the programme up, the direction reads everything and changes contracts, the
pilots read — narrowed by the policy below: nothing is deleted, a closed programme is
read-only, a proposal is changed only while its group may change it, and the funded
actions, budget moves, monthly reports and arbitrations are read only (inspect): they
are written on the intranet through innovation.services, which keep the money balanced.

Writes go through innovation.services where one exists (a member added, an idea
answered, a proposal written, a contract drawn up, a news item published); the other
forms save the record directly, after the model's full validation, with who made the
change in its history (innovation.admin_forms). A service's refusal comes back on the
form; nothing is written."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets import views as snippet_views
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from qms.viewsets import ScopedEditView, ServiceScopedViewSet, with_history

from .admin_forms import (
    PROGRAMME_PATH,
    ContractAdminForm,
    IdeaAdminForm,
    InnovationAdminForm,
    MeetingAdminForm,
    MembershipAdminForm,
    NewsAdminForm,
    ProgrammeAdminForm,
    ProposalAdminForm,
    programme_of,
)
from .models import (
    Arbitration,
    ArbitrationLevel,
    Axis,
    Body,
    BudgetMove,
    Contract,
    ContractReport,
    FundedAction,
    Idea,
    InnovationProgramme,
    InventoryItem,
    Meeting,
    Membership,
    News,
    Proposal,
    SteeringCommittee,
    SteeringDecision,
    Theme,
    WorkingGroup,
)

#: Written on the intranet only, through the services: read here.
READ_ONLY = (FundedAction, BudgetMove, ContractReport, Arbitration)
#: Created elsewhere (an idea by an agent on the intranet).
NO_ADD = (Idea,)


# --- permission policy -------------------------------------------------------------------------
class InnovationPolicy(ModelPermissionPolicy):
    """The model permissions of the user's roles; never delete; read-only models; a
    closed programme read-only; a proposal changed only while draft or sent back."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if self.model in READ_ONLY and action in ("add", "change"):
            return False
        if self.model in NO_ADD and action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return True
        programme = programme_of(instance)
        if programme is not None and programme.is_closed:
            return False
        if isinstance(instance, Proposal) and not instance.is_editable_by_group:
            return False
        return True

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def scope(self, user, queryset):
        return queryset


for _model in PROGRAMME_PATH.keys() | {Body}:
    register_permission_policy(_model, InnovationPolicy(_model))



# --- views -------------------------------------------------------------------------------------
class _ServiceErrorsMixin:
    """A service's refusal comes back on the form; its transaction wrote nothing."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            form.add_service_error(error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CreateView(_ServiceErrorsMixin, snippet_views.snippets.CreateView):
    pass


class EditView(_ServiceErrorsMixin, ScopedEditView):
    pass


class IndexView(snippet_views.snippets.IndexView):
    """A row the user may not change (closed programme, proposal in arbitration) links
    to its inspect view."""

    def get_edit_url(self, instance):
        if not self.permission_policy.user_has_permission_for_instance(
                self.request.user, "change", instance):
            return None
        return super().get_edit_url(instance)


class InnovationViewSet(ServiceScopedViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.related) if self.related else queryset


class ReadOnlyViewSet(InnovationViewSet):
    """Inspect only: no add, edit or delete address at all."""

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns()
                if p.name not in ("add", "edit", "delete", "copy")]


def _filters(model_, names):
    meta = type("Meta", (), {"model": model_, "fields": names})
    return type(f"{model_.__name__}FilterSet", (WagtailFilterSet,), {"Meta": meta})


def _euros(field, label):
    def accessor(obj):
        value = getattr(obj, field)
        return f"{formats.number_format(value, 0, force_grouping=True)} €"
    return Column(field, label=label, accessor=accessor, sort_key=field)


# --- viewsets: the programme's set-up ----------------------------------------------------------
class ProgrammeViewSet(InnovationViewSet):
    model = InnovationProgramme
    icon = "site"
    menu_label = _("Programmes")
    list_display = ["name", "code", "status", DateColumn("starts_on", label=_("Start")),
                    DateColumn("ends_on", label=_("End")), "coordinator"]
    filterset_class = _filters(InnovationProgramme, ["status", "bodies"])
    search_fields = ["name", "code", "description"]
    related = ("coordinator",)
    edit_handler = with_history(_("Programme"), [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]), FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")],
                      heading=_("Period")),
        FieldPanel("bodies", widget=forms.CheckboxSelectMultiple),
        FieldPanel("priorities"), FieldRowPanel([FieldPanel("status"),
                                                 FieldPanel("coordinator")]),
        FieldRowPanel([FieldPanel("operating_envelope"), FieldPanel("investment_envelope")],
                      heading=_("Programme budget")),
        FieldPanel("evaluation_survey"),
    ], base_form_class=ProgrammeAdminForm)


class BodyViewSet(InnovationViewSet):
    model = Body
    icon = "group"
    menu_label = _("Public bodies")
    list_display = ["name", "kind"]
    filterset_class = _filters(Body, ["kind"])
    search_fields = ["name"]
    edit_handler = with_history(_("Public body"), [FieldPanel("name"), FieldPanel("kind")],
                                base_form_class=InnovationAdminForm)


class AxisViewSet(InnovationViewSet):
    model = Axis
    icon = "list-ol"
    menu_label = _("Axes")
    list_display = ["__str__", "programme"]
    filterset_class = _filters(Axis, ["programme"])
    search_fields = ["title"]
    related = ("programme",)
    edit_handler = with_history(_("Axis"), [
        FieldPanel("programme"), FieldRowPanel([FieldPanel("number"), FieldPanel("title")])],
        base_form_class=InnovationAdminForm)


class LevelViewSet(InnovationViewSet):
    model = ArbitrationLevel
    icon = "order"
    menu_label = _("Levels of arbitration")
    list_display = ["__str__", "kind", "programme"]
    filterset_class = _filters(ArbitrationLevel, ["programme", "kind"])
    search_fields = ["name"]
    ordering = ["programme", "order"]
    related = ("programme",)
    edit_handler = with_history(_("Level of arbitration"), [
        FieldPanel("programme"),
        FieldRowPanel([FieldPanel("order"), FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("arbiters", widget=forms.SelectMultiple(attrs={"size": 8}))],
        base_form_class=InnovationAdminForm)


class ThemeViewSet(InnovationViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["__str__", "programme",
                    BooleanColumn("accepts_ideas", label=_("Open to ideas"))]
    filterset_class = _filters(Theme, ["programme", "accepts_ideas"])
    search_fields = ["title", "description"]
    related = ("programme",)
    edit_handler = with_history(_("Theme"), [
        FieldPanel("programme"), FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("description"), FieldPanel("accepts_ideas")],
        base_form_class=InnovationAdminForm)


class GroupViewSet(InnovationViewSet):
    model = WorkingGroup
    icon = "group"
    menu_label = _("Working groups")
    list_display = ["__str__", "facilitator", "referent"]
    filterset_class = _filters(WorkingGroup, ["theme__programme"])
    search_fields = ["theme__title", "charter"]
    related = ("theme__programme", "facilitator", "referent")
    edit_handler = with_history(_("Working group"), [
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("facilitator"), FieldPanel("referent")]),
        FieldPanel("charter"), FieldPanel("timetable"),
        MultiFieldPanel([FieldPanel("final_report"), FieldPanel("final_report_file")],
                        heading=_("Final report"))],
        base_form_class=InnovationAdminForm)


class MembershipViewSet(InnovationViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Members of the groups")
    list_display = ["user", "group", BooleanColumn("is_manager", label=_("Manager")),
                    BooleanColumn("is_volunteer", label=_("Volunteer")),
                    DateColumn("joined_on", label=_("Joined on"))]
    filterset_class = _filters(Membership, ["group", "is_manager", "is_volunteer"])
    search_fields = ["user__last_name", "user__first_name", "user__username"]
    related = ("user", "group__theme__programme")
    edit_handler = with_history(_("Member"), [
        FieldPanel("group"), FieldPanel("user"),
        FieldRowPanel([FieldPanel("is_manager"), FieldPanel("is_volunteer"),
                       FieldPanel("joined_on")])],
        base_form_class=MembershipAdminForm)


class MeetingViewSet(InnovationViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    list_display = ["__str__", "group", "status", DateColumn("date", label=_("Date"))]
    filterset_class = _filters(Meeting, ["group", "status"])
    search_fields = ["agenda", "minutes", "place"]
    ordering = ["-date"]
    related = ("group__theme__programme",)
    edit_handler = with_history(_("Meeting"), [
        FieldPanel("group"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("date"), FieldPanel("status")]),
        FieldPanel("place"), FieldPanel("agenda"), FieldPanel("minutes"),
        FieldPanel("attendees", widget=forms.SelectMultiple(attrs={"size": 10}))],
        base_form_class=MeetingAdminForm)


class InventoryViewSet(InnovationViewSet):
    model = InventoryItem
    icon = "list-ul"
    menu_label = _("Inventory of the existing")
    list_display = ["title", "kind", "group"]
    filterset_class = _filters(InventoryItem, ["group", "kind"])
    search_fields = ["title", "detail"]
    related = ("group__theme__programme",)
    edit_handler = with_history(_("Inventory item"), [
        FieldPanel("group"), FieldPanel("kind"), FieldPanel("title"), FieldPanel("detail"),
        MultiFieldPanel([FieldPanel("how_to_keep"), FieldPanel("causes"),
                         FieldPanel("risks_if_left"), FieldPanel("gains")],
                        heading=_("According to its kind"))],
        base_form_class=InnovationAdminForm)


# --- viewsets: ideas, proposals, arbitration ---------------------------------------------------
class IdeaViewSet(InnovationViewSet):
    model = Idea
    icon = "help"
    menu_label = _("Ideas of the agents")
    list_display = ["title", "theme", "author", "status",
                    DateColumn("submitted_at", label=_("Submitted on"))]
    filterset_class = _filters(Idea, ["theme", "status"])
    search_fields = ["title", "description"]
    related = ("theme__programme", "author")
    edit_handler = with_history(_("Idea"), [
        FieldPanel("theme", read_only=True), FieldPanel("author", read_only=True),
        FieldPanel("title", read_only=True), FieldPanel("description", read_only=True),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("group_answer")],
                        heading=_("The group's answer"))],
        base_form_class=IdeaAdminForm)


class ProposalViewSet(InnovationViewSet):
    model = Proposal
    icon = "doc-full"
    menu_label = _("Proposals")
    list_display = ["reference", "title", "theme", "status", "current_level",
                    DateColumn("deadline", label=_("Deadline"))]
    filterset_class = _filters(Proposal, ["theme__programme", "theme", "status",
                                          "current_level", "contract"])
    search_fields = ["reference", "title", "description"]
    related = ("theme__programme", "current_level")
    edit_handler = with_history(_("Proposal"), [
        FieldPanel("theme"), FieldPanel("title"), FieldPanel("description"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("deadline"),
        MultiFieldPanel([FieldPanel("people_needed"),
                         FieldRowPanel([FieldPanel("operating_budget"),
                                        FieldPanel("investment_budget")])],
                        heading=_("Means needed")),
        FieldPanel("expected_results"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("gain_money"), FieldPanel("gain_time")]),
                         FieldPanel("gain_quality"), FieldPanel("gain_environment")],
                        heading=_("Gains for the city")),
        MultiFieldPanel([FieldPanel("impact_working_conditions"),
                         FieldPanel("impact_environment"), FieldPanel("impact_running_costs")],
                        heading=_("Impacts")),
        FieldPanel("indicators"), FieldPanel("ideas"),
        MultiFieldPanel([FieldPanel("status", read_only=True),
                         FieldPanel("contract", read_only=True)],
                        heading=_("Arbitration (submitted and decided on the intranet)")),
    ], base_form_class=ProposalAdminForm)


class ArbitrationViewSet(ReadOnlyViewSet):
    model = Arbitration
    icon = "success"
    menu_label = _("Arbitrations")
    list_display = ["proposal", "level", "round", "decision", "decided_by",
                    DateColumn("decided_at", label=_("Decided on"))]
    filterset_class = _filters(Arbitration, ["level", "decision", "round"])
    search_fields = ["proposal__reference", "proposal__title", "comment"]
    ordering = ["-decided_at"]
    related = ("proposal__theme__programme", "level", "decided_by")


# --- viewsets: contracts and money -------------------------------------------------------------
class ContractViewSet(InnovationViewSet):
    model = Contract
    icon = "doc-full-inverse"
    menu_label = _("Contracts")
    list_display = ["__str__", "axis", "manager", "status",
                    DateColumn("deadline", label=_("Deadline"))]
    filterset_class = _filters(Contract, ["programme", "axis", "status"])
    search_fields = ["title", "objectives"]
    related = ("programme", "axis", "manager")
    edit_handler = with_history(_("Contract"), [
        FieldPanel("programme"), FieldPanel("axis"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("manager"), FieldPanel("referent")]),
        FieldPanel("participants", widget=forms.SelectMultiple(attrs={"size": 10})),
        FieldPanel("objectives"), FieldPanel("deadline"), FieldPanel("indicators"),
        FieldPanel("proposals"),
        MultiFieldPanel([FieldPanel("status", read_only=True),
                         FieldPanel("signed_on", read_only=True),
                         FieldPanel("closed_on", read_only=True)],
                        heading=_("Signature and closing (on the intranet)")),
    ], base_form_class=ContractAdminForm)


class FundedActionViewSet(ReadOnlyViewSet):
    model = FundedAction
    icon = "tasks"
    menu_label = _("Funded actions")
    list_display = ["action", "contract",
                    _euros("programme_operating", _("Programme, operating")),
                    _euros("programme_investment", _("Programme, investment")),
                    _euros("committed", _("Committed")),
                    BooleanColumn("is_priority", label=_("Priority")),
                    BooleanColumn("is_blocked", label=_("Blocked"))]
    filterset_class = _filters(FundedAction, ["contract", "is_priority", "is_blocked"])
    search_fields = ["action__reference", "action__title"]
    related = ("action", "contract__programme")


class BudgetMoveViewSet(ReadOnlyViewSet):
    model = BudgetMove
    icon = "resubmit"
    menu_label = _("Budget moves")
    list_display = ["__str__", "envelope", _euros("amount", _("Amount")), "moved_by",
                    DateColumn("moved_at", label=_("Moved on"))]
    filterset_class = _filters(BudgetMove, ["programme", "envelope"])
    search_fields = ["reason"]
    related = ("programme", "source__action", "target__action", "moved_by")


class ReportViewSet(ReadOnlyViewSet):
    model = ContractReport
    icon = "table"
    menu_label = _("Monthly reports")
    list_display = ["__str__", "contract", "actions_done", "actions_total", "actions_late",
                    "actions_blocked", _euros("budget_spent", _("Spent")), "filled_by"]
    filterset_class = _filters(ContractReport, ["contract"])
    search_fields = ["comment"]
    ordering = ["-month", "contract"]
    related = ("contract__programme", "filled_by")


# --- viewsets: steering and communication ------------------------------------------------------
class CommitteeViewSet(InnovationViewSet):
    model = SteeringCommittee
    icon = "group"
    menu_label = _("Steering committees")
    list_display = ["title", "programme", DateColumn("held_on", label=_("Date"))]
    filterset_class = _filters(SteeringCommittee, ["programme"])
    search_fields = ["title", "minutes"]
    related = ("programme",)
    edit_handler = with_history(_("Steering committee"), [
        FieldPanel("programme"), FieldRowPanel([FieldPanel("held_on"), FieldPanel("title")]),
        FieldPanel("attendees", widget=forms.SelectMultiple(attrs={"size": 10})),
        FieldPanel("minutes")], base_form_class=InnovationAdminForm)


class DecisionViewSet(InnovationViewSet):
    model = SteeringDecision
    icon = "success"
    menu_label = _("Steering decisions")
    list_display = ["__str__", "committee", "contract"]
    filterset_class = _filters(SteeringDecision, ["committee", "contract"])
    search_fields = ["text"]
    related = ("committee__programme", "contract")
    edit_handler = with_history(_("Steering decision"), [
        FieldPanel("committee"), FieldPanel("contract"), FieldPanel("text")],
        base_form_class=InnovationAdminForm)


class NewsViewSet(InnovationViewSet):
    model = News
    icon = "openquote"
    menu_label = _("News")
    list_display = ["title", "programme", "contract",
                    DateColumn("published_on", label=_("Published on")), "author"]
    filterset_class = _filters(News, ["programme", "contract"])
    search_fields = ["title", "body"]
    related = ("programme", "contract", "author")
    edit_handler = with_history(_("News"), [
        FieldPanel("programme"), FieldPanel("contract"), FieldPanel("title"),
        FieldPanel("body")], base_form_class=NewsAdminForm)


class InnovationGroup(SnippetViewSetGroup):
    menu_label = _("Innovation & performance")
    menu_icon = "pick"
    menu_name = "innovation"
    menu_order = 290
    items = (ProgrammeViewSet, ThemeViewSet, GroupViewSet, MembershipViewSet, MeetingViewSet,
             InventoryViewSet, IdeaViewSet, ProposalViewSet, ArbitrationViewSet,
             ContractViewSet, FundedActionViewSet, BudgetMoveViewSet, ReportViewSet,
             CommitteeViewSet, DecisionViewSet, NewsViewSet, AxisViewSet, LevelViewSet,
             BodyViewSet)


register_snippet(InnovationGroup)
