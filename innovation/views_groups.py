"""Intranet pages of the working groups' side of the programme, under /innovation/:

* the programmes (``index``) and a programme's page (``programme``) that any agent can
  follow: description, bodies, priorities, axes, themes and their groups, news, the
  contracts' progress and the actions put in place; follow / stop following; for those
  who run it, a form to publish a news item;
* a theme's page (``theme``): every agent reads it and submits ideas (and reads the
  answers to their own); the group (members, facilitator, referent) sees its members,
  charter, timetable, meetings and minutes, inventory of the existing, every idea and its
  proposals; the facilitator adds members, records meetings, answers ideas and writes
  proposals (``proposal_create``);
* the proposals of a programme (``proposals``) for those who steer, and the ones
  awaiting the reader's decision; a proposal's page (``proposal``) with its arbitration
  history by round, the group's edit and submit forms, the arbiter's decision form.

Who may do what is innovation.permissions; every write goes through innovation.services,
whose refusals are shown on the page (nothing typed is lost)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions as perms
from . import selectors_groups as selectors
from . import services
from .forms_groups import (
    DecisionForm,
    IdeaAnswerForm,
    IdeaForm,
    MeetingForm,
    MemberForm,
    NewsForm,
    ProposalFilterForm,
    ProposalForm,
    add_service_errors,
)
from .models import (
    READ_ONLY_MESSAGE,
    ArbitrationLevel,
    Follower,
    Idea,
    InnovationProgramme,
    Proposal,
)

PER_PAGE = 50


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _url_or_none(name: str, *args) -> str | None:
    """The address of a page of the contracts' side, once that page exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- programmes ------------------------------------------------------------------------------
def index(request):
    return TemplateResponse(request, "innovation/programme_list.html", {
        "programmes": list(selectors.programme_list()),
    })


def _programme_page(request, code: str, *, status: int = 200, news_form=None):
    programme = get_object_or_404(selectors.programme_detail(), code=code)
    user = request.user
    may_manage = perms.can_manage_programme(user, programme) and not programme.is_closed
    may_steer = perms.can_steer(user, programme)
    contracts = selectors.programme_contracts(programme)
    for contract in contracts:
        contract.url = _url_or_none("innovation:contract", programme.code, contract.number)
    context = {
        "programme": programme,
        "themes": selectors.programme_themes(programme),
        "news": selectors.programme_news(programme),
        "contracts": contracts,
        "actions_done": selectors.programme_actions_done(programme),
        "following": Follower.objects.filter(programme=programme, user=user).exists(),
        "may_steer": may_steer,
        "may_see_proposals": may_steer or selectors.is_arbiter(user, programme),
        "dashboard_url": (_url_or_none("innovation:dashboard", programme.code)
                          if may_steer else None),
        "may_publish": may_manage,
        "may_evaluate": perms.can_manage_programme(user, programme),
        "is_participant": selectors.is_participant(user, programme),
    }
    if may_manage:
        context["news_form"] = news_form or NewsForm(programme=programme)
    return TemplateResponse(request, "innovation/programme.html", context, status=status)


def programme(request, code: str):
    return _programme_page(request, code)


@require_POST
def programme_follow(request, code: str):
    programme = get_object_or_404(InnovationProgramme, code=code)
    if services.follower_toggle(programme=programme, user=request.user):
        messages.success(request, _("You follow the programme: its news will come to you by "
                                    "e-mail."))
    else:
        messages.success(request, _("You no longer follow the programme."))
    return redirect(programme.get_absolute_url() + "#follow")


@require_POST
def programme_news(request, code: str):
    programme = get_object_or_404(InnovationProgramme, code=code)
    if not perms.can_manage_programme(request.user, programme):
        raise PermissionDenied(_("Only those who run the programme publish its news."))
    form = NewsForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.news_publish(programme=programme, title=data["title"], body=data["body"],
                                  contract=data["contract"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The news is published."))
            return redirect(programme.get_absolute_url() + "#news-title")
    return _programme_page(request, code, status=400, news_form=form)


@require_POST
def programme_evaluation(request, code: str):
    """Ask the participants to evaluate the programme: its survey, created once."""
    programme = get_object_or_404(InnovationProgramme, code=code)
    try:
        services.programme_evaluation_survey(programme=programme, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The participants' evaluation survey is open."))
    return redirect(programme.get_absolute_url() + "#evaluation")


# --- themes ----------------------------------------------------------------------------------
def _theme(code: str, number: int):
    return get_object_or_404(selectors.theme_for_page(code, number))


def _theme_page(request, code: str, number: int, *, status: int = 200, idea_form=None,
                member_form=None, meeting_form=None, answer_forms=None):
    theme = _theme(code, number)
    programme, group, user = theme.programme, theme.group, request.user
    open_ = not programme.is_closed
    may_see = perms.can_see_group(user, group)
    may_lead = open_ and perms.can_lead_group(user, group)
    context = {
        "programme": programme, "theme": theme, "group": group,
        "may_see_group": may_see, "may_lead": may_lead,
        "may_submit": open_ and theme.accepts_ideas,
        "own_ideas": selectors.own_ideas(theme, user),
    }
    if context["may_submit"]:
        context["idea_form"] = idea_form or IdeaForm()
    if may_see:
        context["page"] = page = selectors.theme_group_page(theme)
        if may_lead:
            answer_forms = answer_forms or {}
            for idea in page.ideas:
                idea.answer_form = answer_forms.get(idea.pk) or IdeaAnswerForm(
                    prefix=f"idea-{idea.pk}",
                    initial={"status": idea.status, "answer": idea.group_answer})
            context["member_form"] = member_form or MemberForm()
            next_number = max((m.number for m in page.meetings), default=0) + 1
            context["meeting_form"] = meeting_form or MeetingForm(
                group=group, prefix="meeting", initial={"number": next_number})
    return TemplateResponse(request, "innovation/theme.html", context, status=status)


def theme(request, code: str, number: int):
    return _theme_page(request, code, number)


@require_POST
def idea_submit(request, code: str, number: int):
    theme = _theme(code, number)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            services.idea_submit(theme=theme, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your idea is sent to the group « %(theme)s "
                                        "». Its answer will appear on this page.")
                             % {"theme": theme.title})
            return redirect(theme.get_absolute_url() + "#own-ideas-title")
    return _theme_page(request, code, number, status=400, idea_form=form)


def _led_theme(request, code: str, number: int):
    theme = _theme(code, number)
    if not perms.can_lead_group(request.user, theme.group):
        raise PermissionDenied(_("Only the group's facilitator does this."))
    return theme


@require_POST
def member_add(request, code: str, number: int):
    theme = _led_theme(request, code, number)
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.member_add(group=theme.group, member=data["member"], user=request.user,
                                is_manager=data["is_manager"],
                                is_volunteer=data["is_volunteer"],
                                joined_on=data["joined_on"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(person)s joins the group.")
                             % {"person": data["member"]})
            return redirect(theme.get_absolute_url() + "#members-title")
    return _theme_page(request, code, number, status=400, member_form=form)


@require_POST
def meeting_record(request, code: str, number: int):
    theme = _led_theme(request, code, number)
    form = MeetingForm(request.POST, group=theme.group, prefix="meeting")
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_record(
                group=theme.group, number=data["number"], date=data["date"],
                status=data["status"], place=data["place"], agenda=data["agenda"],
                minutes=data["minutes"], attendees=data["attendees"], user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(meeting)s is recorded.") % {"meeting": meeting})
            return redirect(theme.get_absolute_url() + "#meetings-title")
    return _theme_page(request, code, number, status=400, meeting_form=form)


@require_POST
def idea_answer(request, code: str, number: int, pk: int):
    theme = _led_theme(request, code, number)
    idea = get_object_or_404(Idea.objects.select_related("theme__programme", "theme__group"),
                             pk=pk, theme=theme)
    form = IdeaAnswerForm(request.POST, prefix=f"idea-{idea.pk}")
    if form.is_valid():
        try:
            services.idea_answer(idea=idea, status=form.cleaned_data["status"],
                                 answer=form.cleaned_data["answer"], user=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "group_answer" in error.error_dict:
                error = ValidationError({"answer": error.error_dict["group_answer"]})
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer to « %(idea)s » is recorded.")
                             % {"idea": idea.title})
            return redirect(theme.get_absolute_url() + f"#idea-{idea.pk}")
    return _theme_page(request, code, number, status=400, answer_forms={idea.pk: form})


# --- proposals -------------------------------------------------------------------------------
def proposal_list(request, code: str):
    programme = get_object_or_404(InnovationProgramme, code=code)
    user = request.user
    may_steer = perms.can_steer(user, programme)
    if not may_steer and not selectors.is_arbiter(user, programme):
        raise PermissionDenied(_("The proposals are read by those who steer the programme "
                                 "and by the arbiters."))
    proposals = selectors.proposal_list(programme)
    context = {
        "programme": programme, "may_steer": may_steer,
        "awaiting": list(selectors.decidable_by(user, proposals)),
    }
    if may_steer:
        form = ProposalFilterForm(request.GET or None, programme=programme)
        page = Paginator(form.filter(proposals), PER_PAGE).get_page(request.GET.get("page"))
        context.update(form=form, page_obj=page, proposals=list(page.object_list))
    return TemplateResponse(request, "innovation/proposal_list.html", context)


def proposal_create(request, code: str, number: int):
    theme = _led_theme(request, code, number)
    if theme.programme.is_closed:
        messages.error(request, str(READ_ONLY_MESSAGE))
        return redirect(theme.get_absolute_url())
    form = ProposalForm(request.POST or None, theme=theme)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                proposal = services.proposal_create(theme=theme, user=request.user,
                                                    **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Proposal %(ref)s is written. Submit it to "
                                            "arbitration when the group agrees.")
                                 % {"ref": proposal.reference})
                return redirect(proposal.get_absolute_url())
    return TemplateResponse(request, "innovation/proposal_form.html", {
        "programme": theme.programme, "theme": theme, "form": form,
    }, status=status)


def _viewable_proposal(request, reference: str) -> Proposal:
    proposal = get_object_or_404(selectors.proposal_detail(), reference=reference)
    user, programme = request.user, proposal.theme.programme
    if not (perms.can_see_group(user, proposal.theme.group)
            or perms.can_steer(user, programme) or selectors.is_arbiter(user, programme)):
        raise PermissionDenied(_("A proposal is read by its group, by those who steer the "
                                 "programme and by the arbiters."))
    return proposal


def _proposal_page(request, reference: str, *, status: int = 200, edit_form=None,
                   decision_form=None):
    proposal = _viewable_proposal(request, reference)
    user, programme, group = request.user, proposal.theme.programme, proposal.theme.group
    open_ = not programme.is_closed
    may_edit = open_ and proposal.is_editable_by_group and perms.can_lead_group(user, group)
    level = proposal.current_level
    may_decide = (open_ and proposal.status == Proposal.Status.IN_ARBITRATION
                  and level is not None and perms.can_arbitrate(user, proposal, level))
    context = {
        "programme": programme, "theme": proposal.theme, "proposal": proposal,
        "rounds": selectors.arbitration_rounds(proposal),
        "levels": list(programme.levels.order_by("order")),
        "may_edit": may_edit, "may_decide": may_decide,
    }
    if may_edit:
        context["edit_form"] = edit_form or ProposalForm(instance=proposal,
                                                         theme=proposal.theme)
    if may_decide:
        context["decision_form"] = decision_form or DecisionForm(
            programme=programme, initial={"level": level.pk})
    return TemplateResponse(request, "innovation/proposal.html", context, status=status)


def proposal(request, reference: str):
    return _proposal_page(request, reference)


def _group_proposal(request, reference: str) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("theme__programme", "theme__group"),
        reference=reference)
    if not perms.can_lead_group(request.user, proposal.theme.group):
        raise PermissionDenied(_("Only the group's facilitator writes its proposals."))
    return proposal


@require_POST
def proposal_update(request, reference: str):
    proposal = _group_proposal(request, reference)
    form = ProposalForm(request.POST, instance=proposal, theme=proposal.theme)
    if form.is_valid():
        try:
            services.proposal_update(proposal=proposal, user=request.user,
                                     reason=form.cleaned_data["reason"],
                                     **form.service_fields())
        except ValidationError as error:
            messages.error(request, _error_text(error))
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect(proposal.get_absolute_url())
    return _proposal_page(request, reference, status=400, edit_form=form)


@require_POST
def proposal_submit(request, reference: str):
    proposal = _group_proposal(request, reference)
    try:
        proposal = services.proposal_submit(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("%(ref)s is submitted to « %(level)s ».") % {
            "ref": proposal.reference, "level": proposal.current_level.name})
    return redirect(proposal.get_absolute_url())


@require_POST
def proposal_arbitrate(request, reference: str):
    """Record the decision of the level the page showed. Who does not decide at that level
    gets 403; a decision out of order, or twice at a level, is refused with its message
    and the comment typed kept."""
    proposal = _viewable_proposal(request, reference)
    programme = proposal.theme.programme
    level_id = request.POST.get("level", "")
    level = (ArbitrationLevel.objects.filter(programme=programme, pk=level_id).first()
             if level_id.isdigit() else None) or proposal.current_level
    if level is None or not perms.can_arbitrate(request.user, proposal, level):
        raise PermissionDenied(_("You do not decide on this proposal at this level."))
    form = DecisionForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_arbitrate(proposal=proposal, level=data["level"],
                                        decision=data["decision"], comment=data["comment"],
                                        user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision of « %(level)s » on %(ref)s is "
                                        "recorded.") % {"level": data["level"].name,
                                                        "ref": proposal.reference})
            return redirect(proposal.get_absolute_url() + "#history-title")
    return _proposal_page(request, reference, status=400, decision_form=form)


urlpatterns = [
    path("", index, name="index"),
    path("proposition/<str:reference>/", proposal, name="proposal"),
    path("proposition/<str:reference>/modifier/", proposal_update, name="proposal_update"),
    path("proposition/<str:reference>/soumettre/", proposal_submit, name="proposal_submit"),
    path("proposition/<str:reference>/arbitrer/", proposal_arbitrate,
         name="proposal_arbitrate"),
    path("<slug:code>/", programme, name="programme"),
    path("<slug:code>/suivre/", programme_follow, name="programme_follow"),
    path("<slug:code>/actualite/", programme_news, name="programme_news"),
    path("<slug:code>/evaluation/", programme_evaluation, name="programme_evaluation"),
    path("<slug:code>/propositions/", proposal_list, name="proposals"),
    path("<slug:code>/theme/<int:number>/", theme, name="theme"),
    path("<slug:code>/theme/<int:number>/idee/", idea_submit, name="idea_submit"),
    path("<slug:code>/theme/<int:number>/idee/<int:pk>/reponse/", idea_answer,
         name="idea_answer"),
    path("<slug:code>/theme/<int:number>/membre/", member_add, name="member_add"),
    path("<slug:code>/theme/<int:number>/reunion/", meeting_record, name="meeting_record"),
    path("<slug:code>/theme/<int:number>/proposition/nouvelle/", proposal_create,
         name="proposal_create"),
]
