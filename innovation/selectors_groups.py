"""Reads of the working groups' side of the programme (its page, a theme's page, the
proposals and their arbitration). Each returns querysets or lists whose number of
queries does not grow with the data: related rows are joined or prefetched."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from actions.models import Action

from .models import (
    Arbitration,
    ArbitrationLevel,
    Contract,
    Idea,
    InnovationProgramme,
    InventoryItem,
    Meeting,
    Membership,
    News,
    Proposal,
    Theme,
)

#: How many news items and actions put in place the programme's page shows.
NEWS_SHOWN = 10
ACTIONS_SHOWN = 15


def programme_list() -> QuerySet[InnovationProgramme]:
    return InnovationProgramme.objects.prefetch_related("bodies").order_by("-starts_on",
                                                                           "name")


def programme_detail() -> QuerySet[InnovationProgramme]:
    return InnovationProgramme.objects.select_related("coordinator").prefetch_related(
        "bodies", Prefetch("axes"))


def programme_themes(programme) -> list[Theme]:
    """The themes with their group, its facilitator and referent (one query)."""
    return list(programme.themes.select_related("group__facilitator", "group__referent")
                .order_by("number"))


def programme_news(programme, *, limit: int = NEWS_SHOWN) -> list[News]:
    return list(programme.news.select_related("contract", "author")
                .order_by("-published_on", "-pk")[:limit])


def programme_contracts(programme) -> list[Contract]:
    """The contracts with their axis and manager, and their progress: how many actions
    and how many done, counted in the same grouped query."""
    contracts = list(
        programme.contracts.select_related("axis", "manager")
        .annotate(actions_total=Count("funded_actions"),
                  actions_done=Count("funded_actions", filter=Q(
                      funded_actions__action__status=Action.Status.DONE)))
        .order_by("number"))
    for contract in contracts:
        contract.progress = (round(100 * contract.actions_done / contract.actions_total)
                             if contract.actions_total else None)
    return contracts


def programme_actions_done(programme, *, limit: int = ACTIONS_SHOWN) -> list[Action]:
    """The actions put in place: the done actions of the programme's contracts, latest
    first."""
    return list(Action.objects.filter(innovation_funding__contract__programme=programme,
                                      status=Action.Status.DONE)
                .select_related("service", "innovation_funding__contract")
                .order_by("-completed_at", "-pk")[:limit])


@dataclass
class ThemePage:
    """What a theme's page shows to the group (members, facilitator, referent)."""

    members: list[Membership] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    inventory: list[tuple[str, str, list[InventoryItem]]] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def theme_for_page(programme_code: str, number: int) -> QuerySet[Theme]:
    return Theme.objects.select_related("programme", "group__facilitator",
                                        "group__referent").filter(
        programme__code=programme_code, number=number)


def theme_group_page(theme: Theme) -> ThemePage:
    group = theme.group
    items = list(group.inventory.order_by("kind", "pk"))
    inventory = [(kind, label, [i for i in items if i.kind == kind])
                 for kind, label in InventoryItem.Kind.choices]
    return ThemePage(
        members=list(group.memberships.select_related("user__service")
                     .order_by("user__last_name", "user__first_name", "user__username")),
        meetings=list(group.meetings.prefetch_related("attendees").order_by("number")),
        inventory=inventory,
        ideas=list(theme.ideas.select_related("author").order_by("-submitted_at", "-pk")),
        proposals=list(theme.proposals.select_related("current_level")
                       .order_by("-created_at", "-pk")),
    )


def own_ideas(theme: Theme, user) -> list[Idea]:
    return list(theme.ideas.filter(author=user).order_by("-submitted_at", "-pk"))


# --- proposals ---------------------------------------------------------------------------------
def proposal_list(programme) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(theme__programme=programme)
            .select_related("theme", "current_level")
            .prefetch_related("services")
            .order_by("-created_at", "-pk"))


def decidable_by(user, queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals in arbitration whose current level `user` decides: the rule of
    permissions.can_arbitrate, as one query (the group's referent at a « DG referent »
    level, the level's arbiters otherwise; a superuser everywhere)."""
    queryset = queryset.filter(status=Proposal.Status.IN_ARBITRATION)
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    referent = ArbitrationLevel.Kind.REFERENT
    arbiter_of = ArbitrationLevel.objects.filter(arbiters=user).values("pk")
    return queryset.filter(
        Q(current_level__kind=referent, theme__group__referent=user)
        | (~Q(current_level__kind=referent) & Q(current_level__in=arbiter_of)))


def is_arbiter(user, programme) -> bool:
    """Decides at one of the programme's levels (named arbiter, or a group's referent
    when the programme has a « DG referent » level)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    levels = programme.levels.all()
    if levels.filter(arbiters=user).exists():
        return True
    return levels.filter(kind=ArbitrationLevel.Kind.REFERENT).exists() and \
        programme.themes.filter(group__referent=user).exists()


def proposal_detail() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "theme__programme", "theme__group__facilitator", "theme__group__referent",
        "current_level", "contract", "created_by",
    ).prefetch_related(
        "services", "indicators", "ideas",
        Prefetch("arbitrations", queryset=Arbitration.objects.select_related(
            "level", "decided_by").order_by("round", "level__order", "pk")),
    )


def arbitration_rounds(proposal: Proposal) -> list[tuple[int, list[Arbitration]]]:
    """The proposal's decisions grouped by round, the latest round first."""
    rounds: dict[int, list[Arbitration]] = {}
    for arbitration in proposal.arbitrations.all():
        rounds.setdefault(arbitration.round, []).append(arbitration)
    return sorted(rounds.items(), reverse=True)


def is_participant(user, programme) -> bool:
    """Whether the user took part in a working group of the programme (one query)."""
    from django.db.models import Q

    from .models import WorkingGroup

    return WorkingGroup.objects.filter(
        Q(facilitator=user) | Q(memberships__user=user), theme__programme=programme).exists()
