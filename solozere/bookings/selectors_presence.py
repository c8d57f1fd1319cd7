"""Reads of presence and of the avoided commute, scoped to who asks.

Privacy: who is at a place today is shown only to signed-in active members of the network. A visitor, or someone
signed in who is not a member, sees no count at all: at a small Comptoir « 1 télétravailleur ici aujourd'hui » is
a person, and saying so to anyone passing by would tell when that person is away from home. Among members, only
those who chose it are named; the others are counted."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from solozere.bookings.commute import Point
from solozere.bookings.models import Booking
from solozere.bookings.models_presence import CheckIn, CommuteProfile
from solozere.bookings.workflow import BookingStatus
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
# Marks a check-in or a booking whose day another record of the same member already carries (services_presence).
COUNTED_ELSEWHERE = "deja-compte-ce-jour"


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


# A check-in counts its day unless another record of that member's day carries it.
_CHECK_IN_DAYS = Count("pk", filter=~Q(commute_method=COUNTED_ELSEWHERE))


def begun_bookings(*, now: Any = None) -> Any:
    """The bookings whose presence and commute the totals count: confirmed and begun, or done (a booking to come
    may still be cancelled; a no-show saved nothing). Each carries `commute_days` days and their commute."""
    now = now or timezone.now()
    return Booking.objects.filter(
        Q(status=BookingStatus.DONE) | Q(status=BookingStatus.CONFIRMED, starts_at__lte=now), commute_days__gt=0
    )


def _totals(row: dict[str, Any]) -> Totals:
    return Totals(days=row["days"] or 0, km=row["km"] or Decimal(0), co2_kg=row["co2"] or Decimal(0))


def member_totals(user: Any) -> Totals:
    """The member's days of presence (check-ins and begun bookings, one per day) and the commute they saved."""
    check_ins = CheckIn.objects.filter(user=user).aggregate(
        days=_CHECK_IN_DAYS, km=Sum("avoided_km"), co2=Sum("avoided_co2_kg")
    )
    bookings = (
        begun_bookings()
        .filter(person=user)
        .aggregate(days=Sum("commute_days"), km=Sum("avoided_km"), co2=Sum("avoided_co2_kg"))
    )
    return _add(_totals(check_ins), _totals(bookings))


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


def counted_bookings() -> Any:
    """Begun bookings the public figures count: no demo account, no demo place."""
    return begun_bookings().filter(resource__place__is_demo=False).exclude(person__is_demo=True)


def network_impact() -> NetworkImpact:
    """The network's totals and each place's, check-ins and begun bookings together, in four queries whatever the
    number of places and days."""
    per_place: dict[int, Totals] = {}
    names: dict[int, tuple[str, str]] = {}
    check_ins = counted_check_ins().values(pid=F("place_id"), name=F("place__name"), slug=F("place__slug"))
    bookings = counted_bookings().values(
        pid=F("resource__place_id"), name=F("resource__place__name"), slug=F("resource__place__slug")
    )
    for rows in (
        check_ins.annotate(days=_CHECK_IN_DAYS, km=Sum("avoided_km"), co2=Sum("avoided_co2_kg")).order_by(),
        bookings.annotate(days=Sum("commute_days"), km=Sum("avoided_km"), co2=Sum("avoided_co2_kg")).order_by(),
    ):
        for row in rows:
            place_id = row["pid"]
            names[place_id] = (row["name"], row["slug"])
            per_place[place_id] = _add(per_place.get(place_id, Totals()), _totals(row))
    # Different members per place, whether they checked in or booked.
    members: dict[int, set[int | None]] = {}
    for place_id, user_id in counted_check_ins().values_list("place_id", "user_id").distinct().order_by():
        members.setdefault(place_id, set()).add(user_id)
    for place_id, user_id in counted_bookings().values_list("resource__place_id", "person_id").distinct().order_by():
        members.setdefault(place_id, set()).add(user_id)
    places: list[PlaceImpact] = []
    total = others = Totals()
    others_count = 0
    for place_id in sorted(per_place, key=lambda pk: (names[pk][0], pk)):
        totals = per_place[place_id]
        name, slug = names[place_id]
        total = _add(total, totals)
        if len(members.get(place_id, set()) - {None}) >= PUBLIC_PLACE_MIN_MEMBERS:
            places.append(PlaceImpact(name=name, slug=slug, totals=totals))
        else:
            others = _add(others, totals)
            others_count += 1
    return NetworkImpact(total=total, places=places, others=others, others_count=others_count)


def _add(a: Totals, b: Totals) -> Totals:
    return Totals(days=a.days + b.days, km=a.km + b.km, co2_kg=a.co2_kg + b.co2_kg)
