"""Back office of competence: the catalogue of competences (quality engineer), job roles
and their required competences, assignments, trainings and assessments.

Who may do what: the roles' model permissions (migration 0002), narrowed by the policies
below (competence.permissions): the quality engineer works on everything; a pilot on the
roles of their services and on the assignments, trainings and assessments of the agents
of their services. Every write goes through competence.services (admin_forms). Nothing
is deleted: competences and roles are archived, assignments ended."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from qms.viewsets import (
    ScopedEditView,
    ServiceScopedPermissionPolicy,
    ServiceScopedViewSet,
    with_history,
)

from . import permissions
from .admin_forms import (
    AssessmentAdminForm,
    CompetenceAdminForm,
    JobRoleAdminForm,
    RoleAssignmentAdminForm,
    RoleRequirementAdminForm,
    TrainingAdminForm,
)
from .models import (
    Competence,
    CompetenceAssessment,
    JobRole,
    RoleAssignment,
    RoleRequirement,
    Training,
)


class _NeverDelete:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class CompetencePermissionPolicy(_NeverDelete, ModelPermissionPolicy):
    pass


class JobRolePermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return permissions.can_manage_role(user, instance)


class RequirementPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "role__service"

    def instance_allowed(self, user, instance):
        return permissions.can_manage_role(user, instance.role)


class AgentRecordPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    service_lookup = "agent__service"

    def instance_allowed(self, user, instance):
        return permissions.can_manage_agent(user, instance.agent)


register_permission_policy(Competence, CompetencePermissionPolicy(Competence))
register_permission_policy(JobRole, JobRolePermissionPolicy(JobRole))
register_permission_policy(RoleRequirement, RequirementPermissionPolicy(RoleRequirement))
for _model in (RoleAssignment, Training, CompetenceAssessment):
    register_permission_policy(_model, AgentRecordPermissionPolicy(_model))


class _ThroughServicesMixin:
    """Save the form through competence.services; a refusal comes back on the form and
    nothing is written."""

    def form_valid(self, form):
        self.form = form
        try:
            self.object = form.save_through_services(self.request.user)
        except (ValidationError, PermissionDenied) as error:
            form.add_service_error(error if isinstance(error, ValidationError)
                                   else ValidationError(str(error)))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        log(instance=self.object, action=self.log_action, user=self.request.user)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class ServicesCreateView(_ThroughServicesMixin, CreateView):
    log_action = "wagtail.create"


class ServicesEditView(_ThroughServicesMixin, ScopedEditView):
    log_action = "wagtail.edit"


class _Through:
    add_view_class = ServicesCreateView
    edit_view_class = ServicesEditView
    copy_view_enabled = False


class CompetenceViewSet(_Through, SnippetViewSet):
    model = Competence
    icon = "pick"
    menu_label = _("Competences")
    list_display = ["name", "category", BooleanColumn("is_active", label=_("Active"))]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "description"]
    edit_handler = with_history(_("Competence"), [
        FieldPanel("name"), FieldPanel("category"), FieldPanel("description"),
        FieldPanel("is_active"),
    ], base_form_class=CompetenceAdminForm)

    def get_queryset(self, request):
        # the catalogue is read by every back-office user; written by the quality engineer
        return Competence.objects.all()


class JobRoleFilterSet(WagtailFilterSet):
    class Meta:
        model = JobRole
        fields = ["service", "is_active"]


class JobRoleViewSet(_Through, ServiceScopedViewSet):
    model = JobRole
    icon = "group"
    menu_label = _("Job roles")
    list_display = ["title", "service", BooleanColumn("is_active", label=_("Active"))]
    filterset_class = JobRoleFilterSet
    search_fields = ["title", "description"]
    edit_handler = with_history(_("Job role"), [
        FieldPanel("title"), FieldPanel("service"), FieldPanel("description"),
        FieldPanel("is_active"),
    ], base_form_class=JobRoleAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service")


class RoleRequirementViewSet(_Through, ServiceScopedViewSet):
    model = RoleRequirement
    icon = "list-ul"
    menu_label = _("Required competences")
    list_display = ["role", "competence", "level",
                    BooleanColumn("is_mandatory", label=_("Mandatory"))]
    list_filter = ["role", "level", "is_mandatory"]
    edit_handler = with_history(_("Required competence"), [
        FieldPanel("role"), FieldPanel("competence"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("is_mandatory")]),
    ], base_form_class=RoleRequirementAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("role", "role__service",
                                                            "competence")


class RoleAssignmentViewSet(_Through, ServiceScopedViewSet):
    model = RoleAssignment
    icon = "user"
    menu_label = _("Role assignments")
    list_display = ["agent", "role", DateColumn("since", label=_("Since"), sort_key="since"),
                    DateColumn("until", label=_("Until"), sort_key="until")]
    list_filter = ["role"]
    edit_handler = with_history(_("Role assignment"), [
        FieldPanel("agent"), FieldPanel("role"),
        FieldRowPanel([FieldPanel("since"), FieldPanel("until")]),
    ], base_form_class=RoleAssignmentAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent", "role")


class TrainingFilterSet(WagtailFilterSet):
    class Meta:
        model = Training
        fields = ["status", "effectiveness_result", "organiser_kind", "agent__service"]


class TrainingViewSet(_Through, ServiceScopedViewSet):
    model = Training
    icon = "doc-full"
    menu_label = _("Trainings")
    inspect_view_enabled = True
    list_display = ["title", "agent", DateColumn("date", label=_("Date"), sort_key="date"),
                    "hours", "status", "effectiveness_result"]
    filterset_class = TrainingFilterSet
    search_fields = ["title", "organiser"]
    ordering = ["-date"]
    edit_handler = with_history(_("Training"), [
        FieldPanel("agent"), FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date"), FieldPanel("hours")]),
        FieldRowPanel([FieldPanel("organiser_kind"), FieldPanel("organiser")]),
        FieldPanel("status"), FieldPanel("competences"), FieldPanel("certificate"),
        MultiFieldPanel([
            FieldPanel("effectiveness_result"),
            FieldRowPanel([FieldPanel("evaluated_on"), FieldPanel("evaluated_by")]),
            FieldPanel("effectiveness_comment"),
        ], heading=_("Effectiveness evaluation")),
    ], base_form_class=TrainingAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent")


class AssessmentViewSet(_Through, ServiceScopedViewSet):
    model = CompetenceAssessment
    icon = "success"
    menu_label = _("Competence assessments")
    list_display = ["agent", "competence", "level",
                    DateColumn("assessed_on", label=_("Assessed on"), sort_key="assessed_on")]
    list_filter = ["competence", "level"]
    edit_handler = with_history(_("Competence assessment"), [
        FieldPanel("agent"), FieldPanel("competence"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("assessed_on")]),
        FieldPanel("assessed_by"), FieldPanel("comment"),
    ], base_form_class=AssessmentAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent", "competence")


class CompetenceGroup(SnippetViewSetGroup):
    menu_label = _("Competence")
    menu_icon = "pick"
    menu_name = "competence"
    menu_order = 275
    items = (TrainingViewSet, AssessmentViewSet, RoleAssignmentViewSet, JobRoleViewSet,
             RoleRequirementViewSet, CompetenceViewSet)


register_snippet(CompetenceGroup)
