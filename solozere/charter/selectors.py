"""Reads for the charter and adhesion pages, scoped to who asks: another manager's place,
or a membership or file of a place one does not manage, is a 404 (DoesNotExist), never a 403 that confirms it."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from solozere.accounts.roles import is_network_staff
from solozere.charter.models import (
    CHARTER_KINDS,
    CharterCriterion,
    CharterVersion,
    MembershipEvidence,
    PlaceMembership,
)
from solozere.charter.workflow import LABEL_STATES, MembershipStatus
from solozere.places.models import Place
from solozere.places.selectors import user_manages


def published_versions() -> QuerySet[CharterVersion]:
    return (
        CharterVersion.objects.filter(published_at__isnull=False)
        .select_related("charter")
        .prefetch_related(Prefetch("criteria", queryset=CharterCriterion.objects.order_by("kind", "position", "pk")))
        .order_by("-number")
    )


def all_versions() -> QuerySet[CharterVersion]:
    return (
        CharterVersion.objects.select_related("charter", "published_by")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            member_count=Count("memberships", filter=Q(memberships__status__in=LABEL_STATES), distinct=True),
        )
        .order_by("-number")
    )


def version_with_criteria(number: int, *, published_only: bool = True) -> CharterVersion:
    qs = published_versions() if published_only else all_versions().prefetch_related("criteria")
    return qs.get(number=number)


def label_of(place: Place) -> PlaceMembership | None:
    """The membership that gives the place its label (in force or suspended), if any. One query."""
    return (
        PlaceMembership.objects.filter(place=place, status__in=LABEL_STATES)
        .select_related("charter_version", "charter_version__charter")
        .first()
    )


def pending_membership(place: Place) -> PlaceMembership | None:
    return PlaceMembership.objects.filter(place=place, status=MembershipStatus.SUBMITTED).first()


def memberships_of_place(place: Place) -> QuerySet[PlaceMembership]:
    return place.memberships.select_related("charter_version").order_by("-submitted_at", "-pk")


def membership_for_manager(user: Any, place: Place, pk: int) -> PlaceMembership:
    if not user_manages(user, place):
        raise PlaceMembership.DoesNotExist
    return (
        place.memberships.select_related("charter_version", "decided_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=MembershipEvidence.objects.select_related("criterion").order_by("criterion__position", "pk"),
            )
        )
        .get(pk=pk)
    )


def evidence_for(user: Any, place: Place, pk: int) -> MembershipEvidence:
    """An evidence row of `place`, for its managers and the staff only (else DoesNotExist)."""
    if not user_manages(user, place):
        raise MembershipEvidence.DoesNotExist
    return MembershipEvidence.objects.select_related("membership").get(pk=pk, membership__place=place)


# --- Staff --------------------------------------------------------------------------------------------------------

QUEUE_FILTERS = {
    "a-examiner": Q(status=MembershipStatus.SUBMITTED),
    "suspendus": Q(status=MembershipStatus.SUSPENDED),
    "a-renouveler": Q(status__in=LABEL_STATES, renewal_requested_at__isnull=False),
    "membres": Q(status=MembershipStatus.APPROVED),
    "toutes": Q(),
}


def membership_queue(user: Any, view: str) -> QuerySet[PlaceMembership]:
    if not is_network_staff(user):
        return PlaceMembership.objects.none()
    return (
        PlaceMembership.objects.filter(QUEUE_FILTERS.get(view, QUEUE_FILTERS["a-examiner"]))
        .select_related("place", "place__commune", "charter_version", "applicant")
        .order_by("submitted_at", "pk")
    )


def membership_for_staff(user: Any, pk: int) -> PlaceMembership:
    if not is_network_staff(user):
        raise PlaceMembership.DoesNotExist
    return (
        PlaceMembership.objects.select_related(
            "place", "place__commune", "charter_version", "charter_version__charter", "applicant", "decided_by"
        )
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=MembershipEvidence.objects.select_related("criterion").order_by("criterion__position", "pk"),
            ),
            "events__actor",
            "charter_version__criteria",
        )
        .get(pk=pk)
    )


def criteria_by_kind(version: CharterVersion) -> list[tuple[str, Any, list[Any]]]:
    """The version's criteria grouped by kind of place, in the charter's order (prefetched criteria: no query)."""
    criteria = list(version.criteria.all())
    return [(kind, label, [c for c in criteria if c.kind == kind]) for kind, label in CHARTER_KINDS]
