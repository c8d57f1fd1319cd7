"""Reads for the occupancy of seats (bookings.occupancy): one place's months, or every place's month, in three
queries whatever the number of places, resources or bookings.

Public figures leave the demo places out, as the other public statistics do (fictional content is never counted);
the staff's network table shows them, flagged."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from solozere.bookings import availability, occupancy
from solozere.bookings.models import BookingSlot, Closure, Resource, ResourceKind
from solozere.places.models import Place

SEAT_KINDS = (ResourceKind.DESK_POOL, ResourceKind.OFFICE)


def seat_resource(resource: Resource) -> occupancy.SeatResource:
    """The days a resource counts: from its creation, up to its last change when it is no longer bookable (see
    bookings.occupancy)."""
    return occupancy.SeatResource(
        key=resource.pk,
        capacity=resource.capacity,
        first_day=timezone.localdate(resource.created_at) if resource.created_at else None,
        last_day=None if resource.is_active else timezone.localdate(resource.updated_at),
    )


def _held(resource_ids: Iterable[int], start: dt.date, end: dt.date) -> list[occupancy.HeldSeat]:
    rows = BookingSlot.objects.filter(
        resource_id__in=list(resource_ids),
        is_seat=True,
        day__gte=start,
        day__lte=end,
        booking__status__in=list(occupancy.BOOKED_STATES),
    ).values_list("resource_id", "day", "code", "booking__status", "person_id", "ends_at")
    rows = rows.order_by()  # any order does: no sort of the month's seats by the model's ordering
    return [
        occupancy.HeldSeat(resource=r, day=day, code=code, status=status, person=person, ends_at=ends_at)
        for r, day, code, status, person, ends_at in rows
    ]


def _closures(place_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, list[availability.ClosureSpan]]:
    spans: dict[int, list[availability.ClosureSpan]] = defaultdict(list)
    for closure in Closure.objects.filter(place_id__in=list(place_ids), start_date__lte=end, end_date__gte=start):
        spans[closure.place_id].append(closure.span)
    return spans


def place_occupancy(
    place: Place, months: Sequence[dt.date], *, now: dt.datetime | None = None
) -> list[occupancy.Occupancy]:
    """The occupancy of `place` in each of `months` (any day of each), in the order given; [] when the place has
    no seat resource at all. Three queries."""
    now = now or timezone.now()
    resources = list(Resource.objects.filter(place=place, kind__in=SEAT_KINDS))
    if not resources or not months:
        return []
    firsts = [occupancy.first_of_month(month) for month in months]
    start, end = min(firsts), occupancy.last_day(max(firsts))
    closures = _closures([place.pk], start, end)[place.pk]
    held = _held((r.pk for r in resources), start, end)
    seats = [seat_resource(r) for r in resources]
    return [
        occupancy.month_occupancy(
            month=month,
            expression=place.opening_hours,
            closures=closures,
            resources=seats,
            held=[seat for seat in held if occupancy.first_of_month(seat.day) == month],
            now=now,
        )
        for month in firsts
    ]


@dataclass(frozen=True)
class PlaceOccupancy:
    name: str
    slug: str
    is_demo: bool
    figures: occupancy.Occupancy


@dataclass(frozen=True)
class NetworkOccupancy:
    month: dt.date
    places: list[PlaceOccupancy]  # every place with a seat resource, by name
    total: occupancy.Occupancy

    @property
    def total_is_publishable(self) -> bool:
        return occupancy.total_is_publishable([row.figures for row in self.places])

    @property
    def small_count(self) -> int:
        return sum(1 for row in self.places if row.figures.is_small)


def network_occupancy(
    month: dt.date, *, include_demo: bool = False, now: dt.datetime | None = None
) -> NetworkOccupancy:
    """Every place with a seat resource that could count in `month` (created before its end), its occupancy that
    month, and the network's total. Three queries, whatever the number of places and bookings."""
    now = now or timezone.now()
    start = occupancy.first_of_month(month)
    end = occupancy.last_day(start)
    # Created by the end of the month (Paris), and not switched off before it began: the others count for nothing.
    resources_query = Resource.objects.filter(
        kind__in=SEAT_KINDS, created_at__lt=availability.local(end + dt.timedelta(days=1), dt.time(0, 0))
    ).filter(Q(is_active=True) | Q(updated_at__gte=availability.local(start, dt.time(0, 0))))
    if not include_demo:
        resources_query = resources_query.filter(place__is_demo=False)
    resources = list(resources_query.select_related("place").order_by("place__name", "place_id", "pk"))
    by_place: dict[int, list[Resource]] = defaultdict(list)
    places: dict[int, Place] = {}
    for resource in resources:
        by_place[resource.place_id].append(resource)
        places[resource.place_id] = resource.place
    closures = _closures(places, start, end) if places else {}
    held_by_resource: dict[int, list[occupancy.HeldSeat]] = defaultdict(list)
    for seat in _held((r.pk for r in resources), start, end) if resources else []:
        held_by_resource[seat.resource].append(seat)
    rows: list[PlaceOccupancy] = []
    for place_id, place_resources in by_place.items():
        place = places[place_id]
        figures = occupancy.month_occupancy(
            month=start,
            expression=place.opening_hours,
            closures=closures.get(place_id, []),
            resources=[seat_resource(r) for r in place_resources],
            held=[seat for r in place_resources for seat in held_by_resource[r.pk]],
            now=now,
        )
        rows.append(PlaceOccupancy(name=place.name, slug=place.slug, is_demo=place.is_demo, figures=figures))
    return NetworkOccupancy(month=start, places=rows, total=occupancy.total((row.figures for row in rows), start))
