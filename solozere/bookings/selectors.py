"""Reads of bookings, scoped to who asks: another person's booking, or a place someone does not manage, is a
DoesNotExist (a 404). Lists run in a fixed number of queries whatever their length."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from solozere.bookings import availability
from solozere.bookings.models import Booking, BookingEvent, BookingSlot, Closure, Resource
from solozere.bookings.workflow import ACTIVE_STATES, BookingStatus
from solozere.places.models import Place


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def bookable_resources(place: Place) -> list[Resource]:
    return list(Resource.objects.filter(place=place, is_active=True).order_by("kind", "name", "pk"))


def place_has_resources(place: Place) -> bool:
    return Resource.objects.filter(place=place, is_active=True).exists()


def resource_of_place(place: Place, pk: int, *, active_only: bool = True) -> Resource:
    rows = Resource.objects.select_related("place", "place__commune").filter(place=place)
    if active_only:
        rows = rows.filter(is_active=True)
    return rows.get(pk=pk)


def _booking_rows() -> QuerySet[Booking]:
    return Booking.objects.select_related("resource", "resource__place", "resource__place__commune", "person")


def bookings_of(user: Any, *, now: dt.datetime | None = None) -> tuple[list[Booking], list[Booking]]:
    """(upcoming, past) bookings of `user`: upcoming soonest first, past latest first."""
    if not _signed_in(user):
        return [], []
    now = now or timezone.now()
    rows = _booking_rows().filter(person=user)
    upcoming = list(rows.filter(ends_at__gt=now).exclude(status__in=[BookingStatus.DONE]).order_by("starts_at", "pk"))
    past = list(rows.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:100])
    return upcoming, past


def booking_of(user: Any, pk: int) -> Booking:
    if not _signed_in(user):
        raise Booking.DoesNotExist
    return (
        _booking_rows()
        .prefetch_related(
            Prefetch("events", queryset=BookingEvent.objects.order_by("created_at", "pk")),
            Prefetch("slots", queryset=BookingSlot.objects.order_by("day", "code")),
        )
        .get(pk=pk, person=user)
    )


def booking_of_place(place: Place, pk: int) -> Booking:
    return (
        _booking_rows()
        .prefetch_related(
            Prefetch("events", queryset=BookingEvent.objects.select_related("actor").order_by("created_at", "pk")),
            Prefetch("slots", queryset=BookingSlot.objects.order_by("day", "code")),
        )
        .get(pk=pk, resource__place=place)
    )


def place_bookings(place: Place, start: dt.date, end: dt.date) -> list[Booking]:
    """Every booking of `place` with a slot from `start` to `end` (included), whatever its state, soonest first."""
    first = availability.local(start, dt.time(0, 0))
    after = availability.local(end + dt.timedelta(days=1), dt.time(0, 0))
    return list(
        _booking_rows()
        .filter(resource__place=place, starts_at__lt=after, ends_at__gt=first)
        .prefetch_related(Prefetch("slots", queryset=BookingSlot.objects.order_by("day", "code")))
        .order_by("starts_at", "pk")
    )


def pending_count(place: Place) -> int:
    return Booking.objects.filter(resource__place=place, status=BookingStatus.REQUESTED).count()


def closures_of_place(place: Place) -> list[Closure]:
    today = timezone.localdate()
    return list(Closure.objects.filter(place=place, end_date__gte=today).order_by("start_date", "pk"))


def staff_bookings(*, status: str = "", place_slug: str = "") -> QuerySet[Booking]:
    rows = _booking_rows().order_by("-starts_at", "-pk")
    if status:
        rows = rows.filter(status=status)
    if place_slug:
        rows = rows.filter(resource__place__slug=place_slug)
    return rows


# --- The manager's calendar -----------------------------------------------------------------------------------------


@dataclass
class CalendarCell:
    plan_slot: availability.Slot | None
    capacity: int
    bookings: list[Booking] = field(default_factory=list)
    closed_reason: str = ""

    @property
    def free(self) -> int:
        return max(self.capacity - len(self.bookings), 0)


@dataclass
class CalendarRow:
    resource: Resource
    label: str  # the slot ("matin") or the day
    cells: list[CalendarCell]


def calendar(place: Place, start: dt.date, end: dt.date) -> tuple[list[dt.date], list[CalendarRow]]:
    """Rows of (resource, slot code) by column of day, from `start` to `end`: who holds each slot, how many are
    free. Three queries, whatever the number of bookings."""
    resources = bookable_resources(place)
    day_list = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    closures = [
        closure.span for closure in Closure.objects.filter(place=place, start_date__lte=end, end_date__gte=start)
    ]
    held: dict[tuple[int, dt.date, str], list[Booking]] = defaultdict(list)
    rows_held = (
        BookingSlot.objects.filter(resource__place=place, day__gte=start, day__lte=end)
        .select_related("booking", "booking__person")
        .order_by("day", "code", "unit")
    )
    for held_slot in rows_held:
        if held_slot.booking.status in ACTIVE_STATES:
            held[(held_slot.resource_id, held_slot.day, held_slot.code)].append(held_slot.booking)
    rows: list[CalendarRow] = []
    for resource in resources:
        plans = availability.days(
            expression=place.opening_hours,
            start=start,
            end=end,
            closures=closures,
            granularity=resource.granularity,
        )
        codes: list[str] = []
        for plan in plans:
            for slot in plan.slots:
                if slot.code not in codes:
                    codes.append(slot.code)
        codes.sort()
        if not codes:
            codes = list(availability.HALF_DAYS) if resource.granularity == availability.BY_HALF_DAY else []
        for code in codes:
            cells = []
            for plan in plans:
                found = next((slot for slot in plan.slots if slot.code == code), None)
                cells.append(
                    CalendarCell(
                        plan_slot=found,
                        capacity=resource.capacity,
                        bookings=held.get((resource.pk, plan.day, code), []),
                        closed_reason=plan.closed_reason if found is None else "",
                    )
                )
            label = availability.slot_name(code)
            rows.append(CalendarRow(resource=resource, label=label, cells=cells))
    return day_list, rows
