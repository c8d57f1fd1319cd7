"""Reads of presence and of the avoided commute, scoped to who asks.

Privacy: who is at a place today is shown only to signed-in active members of the network. A visitor, or someone
signed in who is not a member, sees no count at all: at a small Comptoir « 1 télétravailleur ici aujourd'hui » is
a person, and saying so to anyone passing by would tell when that person is away from home. Among members, only
those who chose it are named; the others are counted."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from solozere.bookings.commute import Point
from solozere.bookings.models_presence import CheckIn, CommuteProfile
from solozere.community.models import Membership
from solozere.community.selectors import is_active_member, person_label
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.places.models import NetworkStatus, Place
from solozere.territory.models import Commune

# A place one can work at today: the ones in project, planned or closed host nobody.
IN_SERVICE = frozenset({NetworkStatus.OPEN, NetworkStatus.MEMBER, NetworkStatus.SUSPENDED})
# A place's own figures are published once this many different members checked in there; the smaller ones are
# added together in one row, so that no figure describes the days of one or two people.
PUBLIC_PLACE_MIN_MEMBERS = SMALL_GROUP_THRESHOLD
# How many of a member's check-ins their page lists (the totals count them all).
MY_CHECK_INS_LIMIT = 60


def is_in_service(place: Place) -> bool:
    return place.status in IN_SERVICE


def commune_point(commune: Commune | None) -> Point | None:
    """The commune's town hall (the row typed, else its current commune)."""
    for row in (commune, commune.current if commune else None):
        if row is not None and row.latitude is not None and row.longitude is not None:
            return Point(row.latitude, row.longitude)
    return None


def place_point(place: Place) -> Point | None:
    if place.latitude is not None and place.longitude is not None:
        return Point(place.latitude, place.longitude)
    return commune_point(place.commune)


def commute_profile_of(user: Any) -> CommuteProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CommuteProfile.objects.select_related("employer_commune__parent").filter(user=user).first()


def home_commune_of(user: Any) -> Commune | None:
    """The commune the member lives in, from their membership (None outside Lozère or without membership)."""
    membership = Membership.objects.select_related("commune__parent").filter(user=user).first()
    return membership.commune if membership else None


@dataclass(frozen=True)
class TodayPresence:
    """What one active member sees of a place today."""

    count: int
    names: list[str]  # of those who chose to be seen, the viewer excluded
    own: CheckIn | None
    share_by_default: bool

    @property
    def others(self) -> int:
        return self.count - (1 if self.own else 0)


def today_presence(*, viewer: Any, place: Place, today: date | None = None) -> TodayPresence | None:
    """None for anyone who is not an active member (see the module's note)."""
    if not is_active_member(viewer):
        return None
    day = today or timezone.localdate()
    check_ins = list(
        CheckIn.objects.filter(place=place, day=day).select_related("user__membership").order_by("created_at", "pk")
    )
    own = next((c for c in check_ins if c.user_id == viewer.pk), None)
    names = [person_label(c.user) for c in check_ins if c.visible_to_members and c.user_id and c.user_id != viewer.pk]
    profile = CommuteProfile.objects.filter(user=viewer).only("share_presence").first()
    return TodayPresence(
        count=len(check_ins), names=names, own=own, share_by_default=bool(profile and profile.share_presence)
    )


@dataclass(frozen=True)
class Totals:
    days: int = 0
    km: Decimal = Decimal(0)
    co2_kg: Decimal = Decimal(0)


def member_totals(user: Any) -> Totals:
    row = CheckIn.objects.filter(user=user).aggregate(days=Count("pk"), km=Sum("avoided_km"), co2=Sum("avoided_co2_kg"))
    return Totals(days=row["days"] or 0, km=row["km"] or Decimal(0), co2_kg=row["co2"] or Decimal(0))


def my_check_ins(user: Any) -> list[CheckIn]:
    return list(CheckIn.objects.filter(user=user).select_related("place").order_by("-day", "-pk")[:MY_CHECK_INS_LIMIT])


@dataclass(frozen=True)
class PlaceImpact:
    name: str
    slug: str
    totals: Totals


@dataclass(frozen=True)
class NetworkImpact:
    total: Totals
    places: list[PlaceImpact]
    # The places whose figures are added together (fewer than PUBLIC_PLACE_MIN_MEMBERS members each).
    others: Totals
    others_count: int
    threshold: int = PUBLIC_PLACE_MIN_MEMBERS


def counted_check_ins() -> Any:
    """Check-ins the public figures count: no demo account, no demo place (fictional content is never counted)."""
    return CheckIn.objects.filter(place__is_demo=False).exclude(user__is_demo=True)


def network_impact() -> NetworkImpact:
    """The network's totals and each place's, in one query."""
    rows = (
        counted_check_ins()
        .values("place_id", "place__name", "place__slug")
        .annotate(
            days=Count("pk"), members=Count("user", distinct=True), km=Sum("avoided_km"), co2=Sum("avoided_co2_kg")
        )
        .order_by("place__name", "place_id")
    )
    places: list[PlaceImpact] = []
    total = others = Totals()
    others_count = 0
    for row in rows:
        totals = Totals(days=row["days"], km=row["km"] or Decimal(0), co2_kg=row["co2"] or Decimal(0))
        total = _add(total, totals)
        if row["members"] >= PUBLIC_PLACE_MIN_MEMBERS:
            places.append(PlaceImpact(name=row["place__name"], slug=row["place__slug"], totals=totals))
        else:
            others = _add(others, totals)
            others_count += 1
    return NetworkImpact(total=total, places=places, others=others, others_count=others_count)


def _add(a: Totals, b: Totals) -> Totals:
    return Totals(days=a.days + b.days, km=a.km + b.km, co2_kg=a.co2_kg + b.co2_kg)
