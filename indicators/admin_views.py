"""Back-office views of the indicators (Wagtail admin): enter a measurement, import a
file of measurements and download its template, and the token pages of the feeding
applications. Every write goes through indicators.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import EditView as SnippetEditView

from qms import roles
from qms.permissions import is_quality_engineer

from . import imports, services
from .forms import MeasurementEntryForm, MeasurementImportForm
from .models import FeedApplication


def may_enter_measurements(user) -> bool:
    """Who gets the entry and import pages: the quality engineer, pilots, and the owners
    of indicators. Which indicators each may enter is decided per indicator by
    permissions.can_enter_measurement."""
    return user.is_active and (
        is_quality_engineer(user)
        or roles.user_has_role(user, roles.PILOT)
        or user.owned_indicators.exists()
    )


class _MeasurementsPageMixin(WagtailAdminTemplateMixin):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_enter_measurements(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_url"] = self.request.get_full_path()
        context["submit_button_label"] = self.submit_button_label
        context["submit_button_active_label"] = self.submit_button_active_label
        context["entry_url"] = reverse("indicators_admin:entry")
        context["import_url"] = reverse("indicators_admin:import")
        context["template_url"] = reverse("indicators_admin:template")
        return context


class MeasurementEntryView(_MeasurementsPageMixin, FormView):
    """« Saisir une mesure »: one value of one indicator, by its owner, a pilot of its
    service or the quality engineer."""

    template_name = "indicators/admin/measurement_entry.html"
    form_class = MeasurementEntryForm
    page_title = gettext_lazy("Enter a measurement")
    submit_button_label = gettext_lazy("Record")
    submit_button_active_label = gettext_lazy("Recording…")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if indicator := self.request.GET.get("indicator"):
            initial["indicator"] = indicator
        return initial

    def form_valid(self, form):
        measurement = form.save()
        if measurement is None:
            return self.form_invalid(form)
        messages.success(self.request, _(
            "%(value)s recorded for %(indicator)s, period %(period)s."
        ) % {
            "value": measurement.normalised_value(),
            "indicator": measurement.indicator.code,
            "period": measurement.period,
        })
        return redirect(f"{reverse('indicators_admin:entry')}?indicator={measurement.indicator_id}")

    def form_invalid(self, form):
        messages.error(self.request, _("The value was not recorded: see the errors below."))
        return super().form_invalid(form)


class MeasurementImportView(_MeasurementsPageMixin, FormView):
    """« Importer un fichier »: an XLSX or CSV file, recorded whole or not at all."""

    template_name = "indicators/admin/measurement_import.html"
    form_class = MeasurementImportForm
    page_title = gettext_lazy("Import a file of measurements")
    submit_button_label = gettext_lazy("Import")
    submit_button_active_label = gettext_lazy("Importing…")

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = imports.measurements_import(
                name=upload.name, data=upload.read(), user=self.request.user
            )
        except imports.FileRejected as rejected:
            count = len(rejected.errors)
            messages.error(self.request, ngettext(
                "Nothing was imported: the file has %(count)s error. Correct it and send "
                "the file again.",
                "Nothing was imported: the file has %(count)s errors. Correct them and "
                "send the file again.",
                count,
            ) % {"count": count})
            return self.render_to_response(
                self.get_context_data(form=form, row_errors=rejected.errors,
                                      file_name=upload.name)
            )
        text = ngettext(
            "%(name)s imported: %(created)s value recorded, %(updated)s corrected, "
            "%(unchanged)s unchanged.",
            "%(name)s imported: %(created)s values recorded, %(updated)s corrected, "
            "%(unchanged)s unchanged.",
            result.created,
        ) % {"name": upload.name, "created": result.created, "updated": result.updated,
             "unchanged": result.unchanged}
        if result.skipped:
            skipped = len(result.skipped)
            text += " " + ngettext(
                "%(count)s row without a value was ignored.",
                "%(count)s rows without a value were ignored.",
                skipped,
            ) % {"count": skipped}
        messages.success(self.request, text)
        return redirect("indicators_admin:import")


class ImportTemplateView(View):
    """The XLSX template: one row per active indicator the user may enter, for its last
    closed period."""

    def get(self, request):
        if not may_enter_measurements(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        response = HttpResponse(
            imports.template_workbook(user=request.user, today=today),
            content_type=imports.XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="modele-mesures-{today.isoformat()}.xlsx"'
        )
        return response


# --- Feeding applications: the token is shown once, never stored ------------------------------


def feed_application_regenerate_token(*, application: FeedApplication, user) -> str:
    """Give the application a new token (the old one stops working at once); return it.
    (A service: its place is services.py, next to feed_application_create.)"""
    with transaction.atomic():
        token = application.set_new_token()
        application._history_user = user
        application._change_reason = _("Token regenerated")
        application.save(update_fields=["token_hash", "token_prefix"])
    return token


def _token_page(request, application, token, *, created):
    return TemplateResponse(request, "indicators/admin/feed_token.html", {
        "page_title": application.name,
        "header_title": application.name,
        "header_icon": "key",
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse(FeedApplication.snippet_viewset.get_url_name("list")),
             "label": _("Feeding applications")},
            {"url": "", "label": application.name},
        ],
        "application": application,
        "token": token,
        "created": created,
        "api_url": request.build_absolute_uri(reverse("api:measurements_batch")),
        "edit_url": reverse(
            FeedApplication.snippet_viewset.get_url_name("edit"), args=[application.pk]
        ),
    })


class FeedApplicationCreateView(SnippetCreateView):
    """Creating an application goes through services.feed_application_create; the page
    that follows shows its token, once."""

    def save_instance(self):
        data = self.form.cleaned_data
        application, self.token = services.feed_application_create(
            name=data["name"], description=data.get("description", "")
        )
        if data.get("is_active") is False:
            application.is_active = False
            application.save(update_fields=["is_active"])
        return application

    def save_action(self):
        if self.expects_json_response:
            return super().save_action()
        return _token_page(self.request, self.object, self.token, created=True)


class FeedApplicationEditView(SnippetEditView):
    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets.button import Button

        buttons = list(super().header_more_buttons)
        if self.user_has_permission_for_instance("change", self.object):
            buttons.append(Button(
                _("Regenerate the token"),
                url=reverse("indicators_admin:regenerate_token", args=[self.object.pk]),
                icon_name="key", priority=40,
            ))
        return buttons


class FeedApplicationRegenerateTokenView(WagtailAdminTemplateMixin, View):
    """Confirm, then give the application a new token and show it once."""

    template_name = "indicators/admin/feed_token_confirm.html"
    header_icon = "key"

    def dispatch(self, request, pk):
        self.application = get_object_or_404(FeedApplication, pk=pk)
        policy = policy_registry.get_by_type(FeedApplication)
        if not policy.user_has_permission_for_instance(request.user, "change", self.application):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Regenerate the token of %(name)s") % {"name": self.application.name}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse(FeedApplication.snippet_viewset.get_url_name("list")),
             "label": _("Feeding applications")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data(
            application=self.application,
            edit_url=reverse(
                FeedApplication.snippet_viewset.get_url_name("edit"), args=[pk]
            ),
        ))

    def post(self, request, pk):
        token = feed_application_regenerate_token(
            application=self.application, user=request.user
        )
        return _token_page(request, self.application, token, created=False)
