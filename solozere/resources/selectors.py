"""Reads of the resource centre, scoped to who asks: the published resources for everyone, a proposal for the person
who made it and the staff, the review queue for the staff. Every list is a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from solozere.accounts.roles import Role, has_role, is_network_staff
from solozere.resources.models import ItemAudience, ItemTopic, LibraryItem
from solozere.resources.workflow import Status
from solozere.territory.text import normalize_name

# Who may propose a resource: the network's people (members, place managers, partners' agents) and its staff.
PROPOSER_ROLES = (Role.MEMBER, Role.PLACE_MANAGER, Role.PARTNER_AGENT, Role.NETWORK_STAFF)
# A search beyond this is cut: each word is one more condition.
MAX_SEARCH_WORDS = 8


def may_propose(user: Any) -> bool:
    return any(has_role(user, role) for role in PROPOSER_ROLES)


def with_labels(queryset: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
    """Topics and audiences in two queries for the whole list, whatever its length."""
    return queryset.prefetch_related(
        Prefetch("topics", queryset=ItemTopic.objects.order_by("code")),
        Prefetch("audiences", queryset=ItemAudience.objects.order_by("code")),
    )


def published_items() -> QuerySet[LibraryItem]:
    return LibraryItem.objects.filter(status=Status.PUBLISHED)


def search_words(query: str) -> list[str]:
    """The words of a search, folded like `LibraryItem.search_text` ("Télétravail" finds "teletravail")."""
    return normalize_name(query).split()[:MAX_SEARCH_WORDS]


def search_text_of(item: LibraryItem) -> str:
    return normalize_name(" ".join([item.title, item.summary, item.author, item.organisation]))


@dataclass(frozen=True)
class Filters:
    """What a search asks for; empty values ask for nothing. Unknown codes are dropped by the form before here."""

    q: str = ""
    topic: str = ""
    audience: str = ""
    kind: str = ""
    year: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.q or self.topic or self.audience or self.kind or self.year)


def filter_items(queryset: QuerySet[LibraryItem], filters: Filters) -> QuerySet[LibraryItem]:
    for word in search_words(filters.q):
        queryset = queryset.filter(search_text__contains=word)
    # Exists, not a join: a resource with two matching rows is still one result.
    if filters.topic:
        queryset = queryset.filter(Exists(ItemTopic.objects.filter(item=OuterRef("pk"), code=filters.topic)))
    if filters.audience:
        queryset = queryset.filter(Exists(ItemAudience.objects.filter(item=OuterRef("pk"), code=filters.audience)))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.year:
        start = dt.date(filters.year, 1, 1)
        queryset = queryset.filter(document_date__gte=start, document_date__lt=start.replace(year=filters.year + 1))
    return queryset


def published_years() -> list[int]:
    """The years of the published documents, newest first: the choices of the year filter."""
    years = (
        published_items()
        .annotate(year=ExtractYear("document_date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [int(year) for year in years]


def item_for(user: Any, pk: int) -> LibraryItem:
    """A published resource, or one not published to the person who proposed it and to the staff; DoesNotExist
    for anyone else (a 404: an unpublished resource does not exist for them)."""
    visible = Q(status=Status.PUBLISHED)
    if is_network_staff(user):
        visible = Q()
    elif getattr(user, "is_authenticated", False):
        visible |= Q(proposed_by=user)
    return with_labels(LibraryItem.objects.filter(visible).select_related("proposed_by")).get(pk=pk)


def proposals_of(user: Any) -> QuerySet[LibraryItem]:
    return with_labels(LibraryItem.objects.filter(proposed_by=user)).order_by("-proposed_at", "-pk")


def review_queue(status: str) -> QuerySet[LibraryItem]:
    """The staff's list of one state, oldest proposal first for those waiting, newest first for the others."""
    queryset = LibraryItem.objects.filter(status=status).select_related("proposed_by")
    if status == Status.PROPOSED:
        return queryset.order_by("proposed_at", "pk")
    return queryset.order_by("-proposed_at", "-pk")


def status_counts() -> dict[str, int]:
    return LibraryItem.objects.aggregate(**{value: Count("pk", filter=Q(status=value)) for value in Status.values})


def item_for_staff(pk: int) -> LibraryItem:
    return with_labels(LibraryItem.objects.select_related("proposed_by")).get(pk=pk)


def history(item: LibraryItem) -> list[Any]:
    return list(item.transitions.select_related("actor").order_by("created_at", "pk"))
