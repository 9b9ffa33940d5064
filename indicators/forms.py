"""Forms of the indicators' back office: manual entry of a measurement, file import, and
the admin forms that keep a pilot inside their services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from qms.permissions import is_quality_engineer, services_of

from . import services
from .imports import EXTENSIONS, MAX_FILE_SIZE, enterable_indicators
from .models import Indicator, Measurement
from .permissions import can_edit_indicator


class MeasurementEntryForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(),
        help_text=_("Only the active indicators whose values you may enter are listed."),
    )
    period = forms.CharField(
        label=_("Period"), max_length=10,
        help_text=_("2026-03 for a month, 2026-T1 for a quarter, 2026-S1 for a half-year, "
                    "2026 for a year."),
    )
    value = forms.CharField(
        label=_("Value"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("A number; a comma or a point for decimals (92,5)."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), required=False, max_length=500,
        help_text=_("Required to change a value already recorded; kept in the history."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["indicator"].queryset = enterable_indicators(user).order_by("code")

    def clean_value(self):
        try:
            return services.parse_value(self.cleaned_data["value"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean(self):
        cleaned = super().clean()
        indicator, period = cleaned.get("indicator"), cleaned.get("period")
        if indicator and period:
            try:
                cleaned["period"] = indicator.parse_period(period).label
            except ValidationError as error:
                self.add_error("period", error)
        return cleaned

    def save(self):
        """Record the value through the service; a refusal becomes form errors.
        Returns the measurement, or None when the form got errors."""
        data = self.cleaned_data
        try:
            return services.measurement_record(
                indicator=data["indicator"], period=data["period"], value=data["value"],
                comment=data["comment"], reason=data["reason"], user=self.user,
            )
        except services.BatchRejected as rejected:
            # A value already recorded for the period is corrected only with a reason:
            # that refusal is shown on the reason field, any other above the form.
            correcting = not data["reason"] and Measurement.objects.filter(
                indicator=data["indicator"], period=data["period"]
            ).exclude(value=data["value"]).exists()
            for error in rejected.errors:
                self.add_error("reason" if correcting else None, error.message)
            return None


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (.csv), 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise ValidationError(_("Send an Excel workbook (.xlsx) or a CSV file (.csv)."))
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is too large (%(max)s MB at most).")
                % {"max": MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload


# --- Admin model forms: a pilot works inside their services --------------------------------


class ServiceScopedAdminForm(WagtailAdminModelForm):
    """For anyone but the quality engineer, the service can only be one of the user's
    own services (a plain list rather than the chooser of every service)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "service" in self.fields and not is_quality_engineer(user):
            field = self.fields["service"]
            field.widget = forms.Select()
            field.queryset = services_of(user).order_by("name")


class IndicatorAdminForm(ServiceScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("processes", "objectives"):
            if name in self.fields:
                self.fields[name].widget = forms.CheckboxSelectMultiple()
                self.fields[name].widget.choices = self.fields[name].choices


class ObjectiveAdminForm(ServiceScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "processes" in self.fields:
            self.fields["processes"].widget = forms.CheckboxSelectMultiple()
            self.fields["processes"].widget.choices = self.fields["processes"].choices


class IndicatorTargetAdminForm(WagtailAdminModelForm):
    """A pilot sets the targets of the indicators they may edit, and only those."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "indicator" in self.fields and not is_quality_engineer(user):
            field = self.fields["indicator"]
            ids = [
                i.pk for i in Indicator.objects.only("pk", "service_id")
                if can_edit_indicator(user, i)
            ]
            field.widget = forms.Select()
            field.queryset = Indicator.objects.filter(pk__in=ids).order_by("code")


class FeedApplicationAdminForm(WagtailAdminModelForm):
    pass
