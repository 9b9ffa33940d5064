"""The intranet forms of the contracts' side of the programme: a funded action and its
funding, the signature, the monthly report, a budget move, a steering committee and its
decisions, the closing reports. They collect input; the rules are innovation.services',
whose errors are shown beside the fields (`add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from qms.models import Service

from .models import BudgetMove, Contract, FundedAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
AMOUNT = {"max_digits": 12, "decimal_places": 2, "localize": True,
          "widget": forms.TextInput(attrs={"inputmode": "decimal", "size": 12})}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside its field when the form has
    it, else at the top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def euros(value) -> str:
    return f"{number_format(value or 0, 0, use_l10n=True, force_grouping=True)}\u00a0€"


def _users():
    return (get_user_model().objects.filter(is_active=True).select_related("service")
            .order_by("last_name", "first_name", "username"))


def _user_label(user) -> str:
    return f"{user} ({user.service})" if user.service_id else str(user)


# --- a contract's actions ------------------------------------------------------------------------
class FundedActionCreateForm(forms.Form):
    """A new action of the contract (in the action plan, kind innovation) and its
    funding (services.funded_action_create)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none())
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    is_priority = forms.BooleanField(label=_("Priority action"), required=False)
    programme_operating = forms.DecimalField(label=_("Programme funds, operating (€)"),
                                             initial=0, **AMOUNT)
    programme_investment = forms.DecimalField(label=_("Programme funds, investment (€)"),
                                              initial=0, **AMOUNT)
    service_operating = forms.DecimalField(label=_("Services' own budget, operating (€)"),
                                           initial=0, **AMOUNT)
    service_investment = forms.DecimalField(label=_("Services' own budget, investment (€)"),
                                            initial=0, **AMOUNT)
    committed = forms.DecimalField(label=_("Committed (€)"), initial=0, **AMOUNT)

    FUNDING = ("is_priority", "programme_operating", "programme_investment",
               "service_operating", "service_investment", "committed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="new", **kwargs)
        self.fields["owner"].queryset = _users()
        self.fields["owner"].label_from_instance = _user_label
        self.fields["service"].queryset = Service.objects.active().order_by("name")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "owner": data["owner"], "service": data["service"],
                "due_date": data["due_date"], "start_date": data["start_date"],
                "description": data["description"],
                **{name: data[name] for name in self.FUNDING}}


class FundedActionUpdateForm(forms.Form):
    """The funding of one action, its committed amount, priority and blocked flag
    (services.funded_action_update). The programme funds are offered only while the
    contract is being drawn up: after the signature they move through budget moves."""

    programme_operating = forms.DecimalField(label=_("Programme funds, operating (€)"),
                                             **AMOUNT)
    programme_investment = forms.DecimalField(label=_("Programme funds, investment (€)"),
                                              **AMOUNT)
    service_operating = forms.DecimalField(label=_("Services' own budget, operating (€)"),
                                           **AMOUNT)
    service_investment = forms.DecimalField(label=_("Services' own budget, investment (€)"),
                                            **AMOUNT)
    committed = forms.DecimalField(label=_("Committed (€)"), **AMOUNT)
    is_priority = forms.BooleanField(label=_("Priority action"), required=False)
    is_blocked = forms.BooleanField(label=_("Blocked"), required=False)
    blocked_reason = forms.CharField(label=_("Why it is blocked"), max_length=255,
                                     required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    FIELDS = ("programme_operating", "programme_investment", "service_operating",
              "service_investment", "committed", "is_priority", "is_blocked",
              "blocked_reason")

    def __init__(self, *args, funded: FundedAction, contract: Contract, **kwargs):
        kwargs.setdefault("initial", {name: getattr(funded, name) for name in self.FIELDS})
        super().__init__(*args, prefix=f"fa{funded.pk}", **kwargs)
        self.funded = funded
        if contract.status != Contract.Status.DRAFT:
            del self.fields["programme_operating"]
            del self.fields["programme_investment"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {name: data[name] for name in self.FIELDS if name in self.fields}
        arguments["blocked_reason"] = (data.get("blocked_reason") or "").strip()
        return arguments


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signed_file = forms.FileField(label=_("Signed contract (scan)"), required=False,
                                  help_text=_("PDF or image of the signed contract."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="sign", **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()


# --- the monthly report ---------------------------------------------------------------------------
class ReportForm(forms.Form):
    month = forms.DateField(label=_("Month reported"), widget=MONTH,
                            input_formats=["%Y-%m", "%Y-%m-%d", "%m/%Y"])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("What moved this month, what is stuck, what "
                                          "the steering committee should know."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = timezone.localdate().replace(day=1)


# --- a budget move --------------------------------------------------------------------------------
class FundedActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, funded: FundedAction) -> str:
        action = funded.action
        return _("%(reference)s %(title)s — contract %(contract)s — programme funds "
                 "%(funds)s (op. %(operating)s, inv. %(investment)s) — %(progress)s %% "
                 "done") % {
            "reference": action.reference, "title": action.title,
            "contract": funded.contract.number, "funds": euros(funded.programme_funds),
            "operating": euros(funded.programme_operating),
            "investment": euros(funded.programme_investment), "progress": action.progress}


class BudgetMoveForm(forms.Form):
    source = FundedActionChoiceField(label=_("From the action"),
                                     queryset=FundedAction.objects.none())
    target = FundedActionChoiceField(label=_("To the action"),
                                     queryset=FundedAction.objects.none())
    envelope = forms.ChoiceField(label=_("Budget"), choices=BudgetMove.Envelope.choices)
    amount = forms.DecimalField(label=_("Amount (€)"), **AMOUNT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the funds move: shown in both actions' "
                                         "history."))

    def __init__(self, *args, programme, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (FundedAction.objects.filter(contract__programme=programme)
                    .select_related("action", "contract")
                    .order_by("contract__number", "action__reference"))
        for name in ("source", "target"):
            self.fields[name].queryset = queryset
        if choices is not None:  # the rows already read: no query more per field
            for name in ("source", "target"):
                self.fields[name].choices = [("", "---------")] + [
                    (f.pk, self.fields[name].label_from_instance(f)) for f in choices]


# --- a steering committee -------------------------------------------------------------------------
class CommitteeForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=255,
                            help_text=_("E.g. « COPIL du 2e trimestre 2027 »."))
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"), required=False,
                                               queryset=get_user_model().objects.none(),
                                               widget=forms.SelectMultiple(
                                                   attrs={"size": 8}))
    minutes = forms.CharField(label=_("Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="copil", **kwargs)
        self.fields["attendees"].queryset = _users()
        self.fields["attendees"].label_from_instance = _user_label
        self.fields["held_on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), required=False,
                                      queryset=Contract.objects.none(),
                                      empty_label=_("The whole programme"))
    text = forms.CharField(label=_("Decision"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = Contract.objects.filter(
            programme=programme).order_by("number")


class BaseDecisionFormSet(forms.BaseFormSet):
    def decisions(self) -> list[tuple[Contract | None, str]]:
        return [(form.cleaned_data.get("contract"), form.cleaned_data["text"].strip())
                for form in self.forms
                if form.cleaned_data and (form.cleaned_data.get("text") or "").strip()]

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("contract") and not (data.get("text") or "").strip():
                form.add_error("text", _("Write the decision taken about this contract."))


DecisionFormSet = forms.formset_factory(DecisionForm, formset=BaseDecisionFormSet, extra=4,
                                        max_num=30)


# --- the closing seminar --------------------------------------------------------------------------
class ClosingForm(forms.Form):
    """One closing report per open contract (field report_<contract id>)."""

    def __init__(self, *args, contracts: list[Contract], **kwargs):
        super().__init__(*args, **kwargs)
        for contract in contracts:
            self.fields[self.name_of(contract)] = forms.CharField(
                label=_("Closing report of contract %(number)s") % {"number": contract.number},
                required=False, initial=contract.closing_report,
                widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def name_of(contract) -> str:
        return f"report_{contract.pk}"

    def reports(self) -> dict[int, str]:
        return {int(name.split("_", 1)[1]): value for name, value in self.cleaned_data.items()}
