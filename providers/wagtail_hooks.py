"""Back office of the providers' register: providers, evaluation criteria, and the
evaluations (read only here: they are recorded from a provider's page on the intranet,
through providers.services.evaluation_record, which checks every score).

Who may do what: the roles' model permissions (migration 0003), narrowed by the policies
below to the providers of the user's services for a pilot (providers.permissions), every
provider for the quality engineer, who alone keeps the criteria. Nothing is deleted: a
provider or a criterion is archived (untick "active"), its history stays."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
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
from .models import Evaluation, EvaluationCriterion, Provider


class _NeverDelete:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class ProviderPermissionPolicy(_NeverDelete, ServiceScopedPermissionPolicy):
    def instance_allowed(self, user, instance):
        return permissions.can_edit_provider(user, instance)

    def scope(self, user, queryset):
        return permissions.editable_providers(user, queryset)


class EvaluationPermissionPolicy(ServiceScopedPermissionPolicy):
    """Read only in the back office (recorded on the intranet)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def instance_allowed(self, user, instance):
        return permissions.can_view_provider(user, instance.provider)

    def scope(self, user, queryset):
        return queryset.filter(provider__in=permissions.visible_providers(user))


class CriterionPermissionPolicy(_NeverDelete, ModelPermissionPolicy):
    pass


register_permission_policy(Provider, ProviderPermissionPolicy(Provider))
register_permission_policy(Evaluation, EvaluationPermissionPolicy(Evaluation))
register_permission_policy(EvaluationCriterion, CriterionPermissionPolicy(EvaluationCriterion))


class ProviderAdminForm(WagtailAdminModelForm):
    """A pilot registers the providers of their services: one of them is ticked. A new
    provider's first evaluation is due one interval after its contract starts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "services" in self.fields:
            self.fields["services"].widget = forms.CheckboxSelectMultiple()
            self.fields["services"].queryset = Service.objects.active().order_by("name")

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is not None and not is_quality_engineer(user):
            ids = {s.pk for s in cleaned.get("services") or []}
            if not ids & service_ids_of(user):
                self.add_error("services", _("Tick one of your services."))
        if not cleaned.get("next_evaluation_due") and self.instance.last_evaluated_on is None:
            start = cleaned.get("contract_start") or timezone.localdate()
            months = cleaned.get("evaluation_interval_months") or 12
            cleaned["next_evaluation_due"] = start + relativedelta(months=months)
            self.instance.next_evaluation_due = cleaned["next_evaluation_due"]
        return cleaned


class ProviderFilterSet(WagtailFilterSet):
    service = ModelChoiceFilter(label=_("service"), field_name="services",
                                queryset=Service.objects.order_by("name"))

    class Meta:
        model = Provider
        fields = ["kind", "service", "criticality", "is_active"]


class ProviderViewSet(ServiceScopedViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    inspect_view_enabled = True
    list_display = [
        "name", "kind", "criticality",
        DateColumn("next_evaluation_due", label=_("Next evaluation due"),
                   sort_key="next_evaluation_due"),
        BooleanColumn("is_active", label=_("Active"), sort_key="is_active"),
    ]
    search_fields = ["name", "siret", "contract_reference"]
    filterset_class = ProviderFilterSet
    ordering = ["name"]
    edit_handler = with_history(_("Provider"), [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("siret"),
        MultiFieldPanel([FieldPanel("contact_name"),
                         FieldRowPanel([FieldPanel("contact_email"),
                                        FieldPanel("contact_phone")])],
                        heading=_("Contact")),
        FieldPanel("services"),
        MultiFieldPanel([FieldPanel("contract_reference"),
                         FieldRowPanel([FieldPanel("contract_start"),
                                        FieldPanel("contract_end")])],
                        heading=_("Contract")),
        FieldPanel("criticality"),
        MultiFieldPanel([FieldPanel("evaluation_interval_months"),
                         FieldPanel("next_evaluation_due")],
                        heading=_("Evaluation cycle")),
        FieldPanel("is_active"),
    ], base_form_class=ProviderAdminForm)


class EvaluationFilterSet(WagtailFilterSet):
    class Meta:
        model = Evaluation
        fields = ["conclusion", "provider"]


class EvaluationViewSet(ServiceScopedViewSet):
    model = Evaluation
    icon = "tasks"
    menu_label = _("Provider evaluations")
    inspect_view_enabled = True
    list_display = ["provider",
                    DateColumn("evaluated_on", label=_("Evaluated on"), sort_key="evaluated_on"),
                    "score", "conclusion", "evaluator"]
    filterset_class = EvaluationFilterSet
    ordering = ["-evaluated_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provider", "evaluator")


class CriterionViewSet(SnippetViewSet):
    model = EvaluationCriterion
    icon = "list-ol"
    menu_label = _("Evaluation criteria")
    list_display = ["name", "weight", "order",
                    BooleanColumn("is_active", label=_("Active"), sort_key="is_active")]
    edit_handler = with_history(_("Criterion"), [
        FieldPanel("name"), FieldPanel("description"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("order")]), FieldPanel("is_active"),
    ])


class ProvidersGroup(SnippetViewSetGroup):
    menu_label = _("External providers")
    menu_icon = "group"
    menu_name = "providers"
    menu_order = 275
    items = (ProviderViewSet, EvaluationViewSet, CriterionViewSet)


register_snippet(ProvidersGroup)
