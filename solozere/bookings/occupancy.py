"""How full the seats of a place were in a month: the share of its desk-half-days booked, and of those used. Pure:
no ORM. The selectors (selectors_occupancy) read the rows and hand plain values in.

Definitions, for one place and one calendar month:

- A *seat resource* is a desk pool or an office; a meeting room is not a seat and is left out (it is booked by the
  hour, and a room booked for a meeting is not a workstation).
- *Available* desk-half-days: for every seat resource, its capacity times the half-day slots the place is open that
  month, exactly as the booking pages offer them (availability.days: opening hours, public holidays, closures).
- A resource counts from the day it was created (its `created_at`, in Paris) to the end of the month. A resource no
  longer bookable (`is_active` false) counts up to the day it was last changed, which is the day it was switched
  off unless someone edited it again while it was off: the model keeps no separate date, and counting it the whole
  month would lower the share with seats nobody could book. A resource created and switched off in the same month
  counts the days in between. Either way its seats before it existed, or after it stopped, are never available.
- *Booked*: the available half-day seats held by a booking that is confirmed, done or marked absent (no-show). A
  request still awaiting a manager is not counted (it may be refused), nor refused or cancelled bookings (their
  seats are freed). A held seat outside the resource's available slots (a day closed or a resource stopped after
  the booking) is not counted either, and no slot counts more seats than the resource's capacity: the share never
  passes 100 %.
- *Used*: the booked seats minus the absences: those of a done booking, or of a confirmed one whose half-day has
  ended. A confirmed half-day still to come is booked but not (yet) used; every seat of a no-show is unused.
- *People*: how many different persons hold the booked seats (deleted accounts are not counted, which can only
  hide more). Fewer than SMALL_GROUP_THRESHOLD people and the counts describe their days: see `Occupancy.is_small`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from solozere.bookings import availability
from solozere.bookings.workflow import BookingStatus
from solozere.community.stats import SMALL_GROUP_THRESHOLD

# The states whose seats count as booked; of them, the ones that may count as used.
BOOKED_STATES = frozenset({BookingStatus.CONFIRMED, BookingStatus.DONE, BookingStatus.NO_SHOW})
NO_SEATS = "pas de poste réservable ce mois-ci"


class MonthError(ValueError):
    """A month typed wrong; `message` is a French sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_month(value: str) -> dt.date:
    """The first day of the month written YYYY-MM ("2026-12"), or MonthError."""
    text = (value or "").strip()
    parts = text.split("-")
    if (
        len(parts) != 2
        or len(parts[0]) != 4
        or len(parts[1]) != 2
        or not all(part.isascii() and part.isdigit() for part in parts)
    ):
        raise MonthError(f"« {text[:20]} » n'est pas un mois : écrivez l'année puis le mois, par exemple 2026-12.")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise MonthError(f"« {text} » n'est pas un mois possible : le mois va de 01 à 12, l'année de 2000 à 2100.")
    return dt.date(year, month, 1)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def last_day(month: dt.date) -> dt.date:
    return next_month(month) - dt.timedelta(days=1)


@dataclass(frozen=True)
class SeatResource:
    """A desk pool or an office, and the days it counts (both included; None: no bound)."""

    key: int
    capacity: int
    first_day: dt.date | None = None
    last_day: dt.date | None = None


@dataclass(frozen=True)
class HeldSeat:
    """One unit of a resource held for one half-day by a booking in `status`."""

    resource: int
    day: dt.date
    code: str
    status: str
    person: int | None
    ends_at: dt.datetime  # aware


def percent(part: int, whole: int) -> float | None:
    """part / whole in %, one decimal; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return round(100 * part / whole, 1)


def rough_percent(value: float | None) -> str:
    """A share told coarsely, to the nearest ten: for the figures of fewer than SMALL_GROUP_THRESHOLD people, whose
    exact share times the (public) available half-days would give back their count."""
    if value is None:
        return ""
    if value == 0:
        return "0 %"
    if value < 10:
        return "moins de 10 %"
    return f"environ {int(value / 10 + 0.5) * 10} %"


@dataclass(frozen=True)
class Occupancy:
    month: dt.date  # its first day
    available: int = 0
    booked: int = 0
    used: int = 0
    # Who holds the booked seats: to count them and to add months and places up without counting anyone twice.
    # Never shown.
    person_keys: frozenset[int] = field(default_factory=frozenset, repr=False)

    @property
    def people(self) -> int:
        return len(self.person_keys)

    @property
    def has_seats(self) -> bool:
        return self.available > 0

    @property
    def booked_percent(self) -> float | None:
        return percent(self.booked, self.available)

    @property
    def used_percent(self) -> float | None:
        return percent(self.used, self.available)

    @property
    def used_of_booked_percent(self) -> float | None:
        return percent(self.used, self.booked)

    @property
    def is_small(self) -> bool:
        """Fewer than SMALL_GROUP_THRESHOLD people booked: a place with one desk and one booker is a person, so its
        counts (and exact shares) are not published. No booking at all exposes nobody."""
        return 0 < self.people < SMALL_GROUP_THRESHOLD

    @property
    def rough_booked(self) -> str:
        return rough_percent(self.booked_percent)

    @property
    def rough_used(self) -> str:
        return rough_percent(self.used_percent)

    def __add__(self, other: "Occupancy") -> "Occupancy":
        return Occupancy(
            month=min(self.month, other.month),
            available=self.available + other.available,
            booked=self.booked + other.booked,
            used=self.used + other.used,
            person_keys=self.person_keys | other.person_keys,
        )


def month_occupancy(
    *,
    month: dt.date,
    expression: str,
    closures: Sequence[availability.ClosureSpan],
    resources: Sequence[SeatResource],
    held: Iterable[HeldSeat],
    now: dt.datetime,
) -> Occupancy:
    """The occupancy of one place's seat resources in the month of `month` (see the module's definitions)."""
    start = first_of_month(month)
    end = last_day(start)
    plans = availability.days(expression=expression, start=start, end=end, closures=closures)
    open_codes = {plan.day: frozenset(slot.code for slot in plan.slots) for plan in plans}
    capacity: dict[tuple[int, dt.date, str], int] = {}
    for resource in resources:
        low = max(start, resource.first_day) if resource.first_day else start
        high = min(end, resource.last_day) if resource.last_day else end
        for day, codes in open_codes.items():
            if low <= day <= high:
                for code in codes:
                    capacity[(resource.key, day, code)] = resource.capacity
    held_by_slot: dict[tuple[int, dt.date, str], list[HeldSeat]] = defaultdict(list)
    for seat in held:
        key = (seat.resource, seat.day, seat.code)
        if seat.status in BOOKED_STATES and key in capacity:
            held_by_slot[key].append(seat)
    booked = used = 0
    people: set[int] = set()
    for key, seats in held_by_slot.items():
        # Most used first, so that a capacity lowered under what was held drops unused seats before used ones.
        seats.sort(key=lambda seat: not _is_used(seat, now))
        counted = seats[: capacity[key]]
        booked += len(counted)
        used += sum(1 for seat in counted if _is_used(seat, now))
        people.update(seat.person for seat in counted if seat.person is not None)
    return Occupancy(
        month=start, available=sum(capacity.values()), booked=booked, used=used, person_keys=frozenset(people)
    )


def _is_used(seat: HeldSeat, now: dt.datetime) -> bool:
    return seat.status == BookingStatus.DONE or (seat.status == BookingStatus.CONFIRMED and seat.ends_at <= now)


def total(rows: Iterable[Occupancy], month: dt.date) -> Occupancy:
    """Several places (or months) added up; a person counted once."""
    result = Occupancy(month=first_of_month(month))
    for row in rows:
        result = result + row
    return result


def total_is_publishable(rows: Sequence[Occupancy]) -> bool:
    """Whether a public table may give the exact counts of its total row beside its places' rows: not when exactly
    one place's counts are withheld, since the total minus the others would give them back. With two or more, only
    their sum comes out, which describes no one place."""
    return sum(1 for row in rows if row.is_small) != 1
