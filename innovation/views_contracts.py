"""Intranet pages of the contracts' side of the programme, under /innovation/<code>/:
the programme dashboard, a contract's page (its funded actions, money, indicators,
reports, decisions and budget moves; the forms of its manager) and its PDF to sign, the
monthly report, the budget moves, the steering committees and their quarterly pack, the
closing seminar; and a direction's roadmap.

Who reads what: innovation.permissions (every agent reads a contract's page; the money,
reports and dashboards are read by those who steer; the contract's manager and those
who run the programme change its actions; only the direction moves budgets)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.models import Service
from qms.roles import user_has_oversight

from . import charts, selectors, services
from . import permissions as perms
from .forms_contracts import (
    BudgetMoveForm,
    ClosingForm,
    CommitteeForm,
    DecisionFormSet,
    FundedActionCreateForm,
    FundedActionUpdateForm,
    ReportForm,
    SignForm,
    add_service_errors,
)
from .models import BudgetMove, Contract, FundedAction, InnovationProgramme

MOVES_PAGE_SIZE = 50


def _programme(code: str) -> InnovationProgramme:
    return get_object_or_404(InnovationProgramme.objects.select_related("coordinator"),
                             code=code)


def _contract(code: str, number: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related("programme__coordinator", "axis", "manager",
                                        "referent"),
        programme__code=code, number=number)


def _require_steer(request, programme) -> None:
    if not perms.can_steer(request.user, programme):
        raise PermissionDenied(_("The programme's dashboards and money are read by those "
                                 "who steer it."))


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(name)}.pdf"'
    return response


# --- the programme dashboard ---------------------------------------------------------------
def dashboard(request, code: str):
    programme = _programme(code)
    _require_steer(request, programme)
    figures = selectors.programme_dashboard(programme)
    created_on = selectors.contracts_created_on(programme)
    return TemplateResponse(request, "innovation/dashboard.html", {
        "programme": programme,
        "board": figures,
        "actions_svg": charts.actions_svg(charts.actions_bars(figures.contracts)),
        "budget_svg": charts.budget_svg(charts.budget_groups(figures.axes)),
        "timeline_svg": charts.timeline_svg(
            charts.timeline_bars(figures.contracts, created_on), figures.today),
    })


# --- a contract -------------------------------------------------------------------------------
def _contract_page(request, contract: Contract, *, status: int = 200, create_form=None,
                   update_forms=None, sign_form=None):
    programme = contract.programme
    data = selectors.contract_page(contract)
    selectors.annotate_late(data["actions"], data["today"])
    user = request.user
    is_participant = any(p.pk == user.pk for p in data["participants"])
    may_steer = is_participant or contract.manager_id == user.pk or perms.can_steer(
        user, programme)
    open_ = not contract.is_closed and not programme.is_closed
    may_report = open_ and perms.can_report(user, contract)
    may_sign = (open_ and contract.status == Contract.Status.DRAFT
                and perms.can_manage_programme(user, programme))
    context = {
        "programme": programme, "contract": contract, **data,
        "may_steer": may_steer, "may_report": may_report, "may_sign": may_sign,
        "may_read_pdf": may_steer,
    }
    if may_report:
        context["create_form"] = create_form or FundedActionCreateForm(initial={
            "owner": contract.manager_id, "due_date": contract.deadline})
        update_forms = update_forms or {}
        context["update_rows"] = [
            (funded, update_forms.get(funded.pk)
             or FundedActionUpdateForm(funded=funded, contract=contract))
            for funded in data["actions"] if funded.roadmap_direction_id is None]
    if may_sign:
        context["sign_form"] = sign_form or SignForm()
    return TemplateResponse(request, "innovation/contract.html", context, status=status)


def contract(request, code: str, number: int):
    return _contract_page(request, _contract(code, number))


@require_POST
def contract_action_add(request, code: str, number: int):
    contract = _contract(code, number)
    if not perms.can_report(request.user, contract):
        raise PermissionDenied(_("Only the contract's manager or those who run the "
                                 "programme add its actions."))
    form = FundedActionCreateForm(request.POST)
    if form.is_valid():
        try:
            funded = services.funded_action_create(contract=contract, user=request.user,
                                                   **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s is added to the contract.")
                             % {"reference": funded.action.reference})
            return redirect(contract.get_absolute_url() + "#actions-title")
    return _contract_page(request, contract, status=400, create_form=form)


@require_POST
def contract_action_update(request, code: str, number: int, pk: int):
    contract = _contract(code, number)
    funded = get_object_or_404(FundedAction.objects.select_related("action"), pk=pk,
                               contract=contract)
    if not perms.can_report(request.user, contract):
        raise PermissionDenied(_("Only the contract's manager or those who run the "
                                 "programme change its actions."))
    form = FundedActionUpdateForm(request.POST, funded=funded, contract=contract)
    if form.is_valid():
        try:
            services.funded_action_update(funded=funded, user=request.user,
                                          reason=form.cleaned_data["reason"].strip(),
                                          **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The funding of %(reference)s is updated.")
                             % {"reference": funded.action.reference})
            return redirect(contract.get_absolute_url() + "#actions-title")
    return _contract_page(request, contract, status=400, update_forms={funded.pk: form})


@require_POST
def contract_sign(request, code: str, number: int):
    contract = _contract(code, number)
    if not perms.can_manage_programme(request.user, contract.programme):
        raise PermissionDenied(_("Only those who run the programme record the signature."))
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.contract_sign(contract=contract, user=request.user,
                                   signed_on=form.cleaned_data["signed_on"],
                                   signed_file=form.cleaned_data["signed_file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signature of the contract is recorded."))
            return redirect(contract.get_absolute_url())
    contract.refresh_from_db()
    return _contract_page(request, contract, status=400, sign_form=form)


def contract_pdf(request, code: str, number: int):
    from .pdf import render_contract

    contract = _contract(code, number)
    user = request.user
    if not (contract.manager_id == user.pk or contract.referent_id == user.pk
            or contract.participants.filter(pk=user.pk).exists()
            or perms.can_steer(user, contract.programme)):
        raise PermissionDenied(_("The contract document is read by its parties and those "
                                 "who steer the programme."))
    return _pdf_response(render_contract(contract),
                         _("contract-%(number)s") % {"number": contract.number})


# --- the monthly report -----------------------------------------------------------------------
def report(request, code: str, number: int):
    contract = _contract(code, number)
    if not perms.can_report(request.user, contract):
        raise PermissionDenied(_("Only the contract's manager fills in its monthly report."))
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                filled = services.report_fill(contract=contract, user=request.user,
                                              month=form.cleaned_data["month"],
                                              comment=form.cleaned_data["comment"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The report of %(month)s is saved.") % {
                    "month": filled.month.strftime("%m/%Y")})
                return redirect(contract.get_absolute_url() + "#reports-title")
        status = 400
    else:
        form = ReportForm()
    from .services.contracts import contract_figures

    figures = contract_figures(contract)
    figures["remaining"] = figures["total"] - figures["done"]
    reports = list(contract.reports.select_related("filled_by").order_by("-month")[:12])
    return TemplateResponse(request, "innovation/report.html", {
        "programme": contract.programme, "contract": contract, "form": form,
        "figures": figures, "indicators": selectors.indicator_values(contract),
        "reports": reports,
        "closed": contract.is_closed or contract.programme.is_closed,
    }, status=status)


# --- budget moves -------------------------------------------------------------------------------
def budget(request, code: str):
    programme = _programme(code)
    may_move = perms.can_move_budget(request.user)
    if request.method == "POST":
        if not may_move:
            raise PermissionDenied(_("Only the direction moves budgets between actions."))
    else:
        _require_steer(request, programme)
    status, form = 200, None
    choices = list(FundedAction.objects.filter(contract__programme=programme)
                   .select_related("action", "contract")
                   .order_by("contract__number", "action__reference"))
    if may_move and not programme.is_closed:
        form = BudgetMoveForm(request.POST or None, programme=programme, choices=choices)
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    move = services.budget_move(
                        source=data["source"], target=data["target"],
                        envelope=data["envelope"], amount=data["amount"],
                        reason=data["reason"], user=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _(
                        "%(amount)s € moved from %(source)s to %(target)s.") % {
                        "amount": move.amount, "source": move.source.action.reference,
                        "target": move.target.action.reference})
                    return redirect("innovation:budget", code=programme.code)
            status = 400
    elif request.method == "POST":
        messages.error(request, _("The programme is closed: its budget no longer moves."))
        return redirect("innovation:budget", code=programme.code)
    moves = (BudgetMove.objects.filter(programme=programme)
             .select_related("source__action", "source__contract", "target__action",
                             "target__contract", "moved_by").order_by("-moved_at", "-pk"))
    page = Paginator(moves, MOVES_PAGE_SIZE).get_page(request.GET.get("page"))
    totals = services.programme_totals(programme)
    return TemplateResponse(request, "innovation/budget.html", {
        "programme": programme, "form": form, "page_obj": page, "moves": list(page),
        "totals": totals, "allotted": totals["operating"] + totals["investment"],
        "envelopes": programme.operating_envelope + programme.investment_envelope,
        "actions_count": len(choices),
    }, status=status)


# --- steering committees ----------------------------------------------------------------------
def steering(request, code: str):
    programme = _programme(code)
    may_record = perms.can_manage_programme(request.user, programme)
    if request.method == "POST" and not may_record:
        raise PermissionDenied(_("Only those who run the programme record its steering "
                                 "committees."))
    if request.method != "POST":
        _require_steer(request, programme)
    status, form, formset = 200, None, None
    if may_record and not programme.is_closed:
        form = CommitteeForm(request.POST or None)
        formset = DecisionFormSet(request.POST or None, prefix="decision",
                                  form_kwargs={"programme": programme})
        if request.method == "POST":
            if form.is_valid() and formset.is_valid():
                data = form.cleaned_data
                try:
                    committee = services.committee_record(
                        programme=programme, held_on=data["held_on"], title=data["title"],
                        minutes=data["minutes"], attendees=data["attendees"],
                        decisions=formset.decisions(), user=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("« %(title)s » is recorded.")
                                     % {"title": committee.title})
                    return redirect("innovation:steering", code=programme.code)
            status = 400
    elif request.method == "POST":
        messages.error(request, _("The programme is closed: no more committees."))
        return redirect("innovation:steering", code=programme.code)
    return TemplateResponse(request, "innovation/steering.html", {
        "programme": programme, "committees": selectors.committees(programme),
        "form": form, "formset": formset,
    }, status=status)


def steering_pack(request, code: str):
    from .pdf import render_steering_pack

    programme = _programme(code)
    _require_steer(request, programme)
    return _pdf_response(render_steering_pack(programme),
                         _("steering-pack-%(code)s-%(date)s") % {
                             "code": programme.code, "date": timezone.localdate().isoformat()})


# --- the closing seminar ------------------------------------------------------------------------
def closing(request, code: str):
    programme = _programme(code)
    may_close = perms.can_manage_programme(request.user, programme)
    if programme.is_closed:
        _require_steer(request, programme)
    elif not may_close:
        raise PermissionDenied(_("Only those who run the programme close it."))
    contracts = list(Contract.objects.filter(programme=programme)
                     .select_related("axis", "manager").order_by("number"))
    by_contract: dict[int, dict] = {c.pk: {"done": [], "remaining": []} for c in contracts}
    for funded in selectors.funded_actions(
            FundedAction.objects.filter(contract__programme=programme)):
        key = "done" if funded.action.status == funded.action.Status.DONE else (
            "cancelled" if funded.action.status == funded.action.Status.CANCELLED
            else "remaining")
        by_contract[funded.contract_id].setdefault(key, []).append(funded)
    open_contracts = [c for c in contracts if not c.is_closed]
    status, form = 200, None
    if not programme.is_closed:
        form = ClosingForm(request.POST or None, contracts=open_contracts)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.programme_close(programme=programme, user=request.user,
                                             closing_reports=form.reports())
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The programme is closed; the remaining "
                                                "actions are on their direction's "
                                                "roadmap."))
                    return redirect("innovation:closing", code=programme.code)
            status = 400
    elif request.method == "POST":
        return redirect("innovation:closing", code=programme.code)
    rows = [{"contract": c, "field": form[ClosingForm.name_of(c)]
             if form is not None and not c.is_closed else None, **by_contract[c.pk]}
            for c in contracts]
    return TemplateResponse(request, "innovation/closing.html", {
        "programme": programme, "rows": rows, "form": form,
    }, status=status)


# --- a direction's roadmap ----------------------------------------------------------------------
def roadmap(request, service_id: int):
    direction = get_object_or_404(Service, pk=service_id)
    user = request.user
    if not (user_has_oversight(user) or perms.can_manage_programme(user) or (
            user.service_id and Service.objects.filter(pk=direction.pk).with_descendants()
            .filter(pk=user.service_id).exists())):
        raise PermissionDenied(_("A direction's roadmap is read by the direction, its "
                                 "services and those who oversee the programmes."))
    actions = list(FundedAction.objects.filter(roadmap_direction=direction)
                   .select_related("action__owner", "action__service",
                                   "contract__programme")
                   .order_by("-moved_to_roadmap_on", "contract__programme__name",
                             "contract__number", "action__reference"))
    selectors.annotate_late(actions, timezone.localdate())
    return TemplateResponse(request, "innovation/roadmap.html", {
        "direction": direction, "actions": actions,
    })


urlpatterns = [
    path("<slug:code>/tableau-de-bord/", dashboard, name="dashboard"),
    path("<slug:code>/contrat/<int:number>/", contract, name="contract"),
    path("<slug:code>/contrat/<int:number>/action/", contract_action_add,
         name="contract_action_add"),
    path("<slug:code>/contrat/<int:number>/action/<int:pk>/", contract_action_update,
         name="contract_action_update"),
    path("<slug:code>/contrat/<int:number>/signature/", contract_sign, name="contract_sign"),
    path("<slug:code>/contrat/<int:number>/contrat.pdf", contract_pdf, name="contract_pdf"),
    path("<slug:code>/contrat/<int:number>/reporting/", report, name="report"),
    path("<slug:code>/budget/", budget, name="budget"),
    path("<slug:code>/copil/", steering, name="steering"),
    path("<slug:code>/copil/dossier.pdf", steering_pack, name="steering_pack"),
    path("<slug:code>/cloture/", closing, name="closing"),
    path("feuille-de-route/<int:service_id>/", roadmap, name="roadmap"),
]
