"""When a resource can be booked: the slots of a day, the open days of a period, the free units of a slot, and the
rules a request must meet. Pure: no ORM. Everything a decision needs comes in as plain values, so that the same
functions serve the booking service (under its lock), the pages and the tests.

A slot is local wall-clock time in Europe/Paris: a desk or an office is booked by half-day ("am" before 13:00,
"pm" from 13:00), a meeting room by the hour ("09" is 09:00-10:00). A slot exists only where the place's opening
hours (OpenStreetMap syntax, read by places.hours) are open, outside its closures, and not on a French public
holiday unless the hours say what they do on one ("PH 10:00-12:00"). Its start and end are aware datetimes, right
across the changes to and from summer time: an hour that does not exist (02:00 on the last Sunday of March) is no
slot, and the hour that happens twice (02:00 on the last Sunday of October) is one slot two real hours long.
"""

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from solozere.core.dates import holiday_name
from solozere.places import hours

PARIS = ZoneInfo("Europe/Paris")

MORNING = "am"
AFTERNOON = "pm"
HALF_DAYS = (MORNING, AFTERNOON)
HALF_DAY_LABELS = {MORNING: "matin", AFTERNOON: "après-midi"}
# Where a morning ends and an afternoon begins.
NOON = dt.time(13, 0)

# How a resource is booked.
BY_HALF_DAY = "half_day"
BY_HOUR = "hour"

# A period booking is capped here whatever the resource says: a year of days is the longest list a page shows.
LONGEST_PERIOD_DAYS = 366

_END_OF_DAY = dt.time(23, 59)  # how places.hours writes an interval that runs to midnight


@dataclass(frozen=True)
class ClosureSpan:
    start: dt.date
    end: dt.date  # included
    reason: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Slot:
    day: dt.date
    code: str  # "am", "pm", or the hour "09"
    starts_at: dt.datetime  # aware, Europe/Paris
    ends_at: dt.datetime

    @property
    def key(self) -> tuple[dt.date, str]:
        return (self.day, self.code)

    @property
    def label(self) -> str:
        start = self.starts_at.astimezone(PARIS)
        end = self.ends_at.astimezone(PARIS)
        times = f"{clock(start)}\u2013{clock(end)}"
        if self.code in HALF_DAY_LABELS:
            return f"{HALF_DAY_LABELS[self.code]} ({times})"
        return times


@dataclass(frozen=True)
class DayPlan:
    """One day of a resource: its bookable slots, or why it has none."""

    day: dt.date
    slots: tuple[Slot, ...]
    closed_reason: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.slots)


def slot_name(code: str) -> str:
    """ "matin", "après-midi", or "9 h" for an hour slot."""
    return HALF_DAY_LABELS[code] if code in HALF_DAY_LABELS else f"{int(code)} h"


def clock(moment: dt.datetime | dt.time) -> str:
    """9 h, 13 h 30: how French writes a time."""
    return f"{moment.hour} h" if not moment.minute else f"{moment.hour} h {moment.minute:02d}"


def local(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware moment of a wall-clock time in Paris (the first, when it happens twice)."""
    return dt.datetime.combine(day, time, tzinfo=PARIS)


def exists(day: dt.date, time: dt.time) -> bool:
    """False for a wall-clock time skipped by the change to summer time."""
    moment = local(day, time)
    return moment.astimezone(dt.UTC).astimezone(PARIS).replace(tzinfo=None) == moment.replace(tzinfo=None)


@functools.lru_cache(maxsize=512)
def _week(expression: str, monday: dt.date) -> tuple[tuple[tuple[dt.time, dt.time], ...], ...] | None:
    schedule = hours.week_schedule(expression, dt.datetime.combine(monday, dt.time(12, 0)))
    if schedule is None:
        return None
    return tuple(tuple(day.intervals) for day in schedule)


def opening_intervals(expression: str, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """The open intervals of `day` by the place's hours (empty when closed, unknown or not valid)."""
    week = _week((expression or "").strip(), day - dt.timedelta(days=day.weekday()))
    if week is None:
        return []
    return list(week[day.weekday()])


def _minutes(time: dt.time) -> int:
    return 24 * 60 if time == _END_OF_DAY else time.hour * 60 + time.minute


def _time(minutes: int) -> dt.time:
    return dt.time(23, 59) if minutes >= 24 * 60 else dt.time(minutes // 60, minutes % 60)


def _end(day: dt.date, minutes: int) -> dt.datetime:
    if minutes >= 24 * 60:
        return local(day + dt.timedelta(days=1), dt.time(0, 0))
    return local(day, _time(minutes))


def closed_reason(expression: str, day: dt.date, closures: Sequence[ClosureSpan]) -> str:
    """Why nothing can be booked on `day` before its hours are even read: a closure or a public holiday."""
    for closure in closures:
        if closure.covers(day):
            return f"fermeture : {closure.reason}" if closure.reason else "fermeture du lieu"
    # A public holiday closes the place unless its hours give holiday hours of their own (holidays_rule is None).
    # Which days are holidays: the one calendar the place's hours use (places.hours); the package only names them.
    if hours.is_public_holiday(day) and hours.holidays_rule(expression) is not None:
        name = holiday_name(day)
        return f"jour férié ({name})" if name else "jour férié"
    return ""


def day_plan(
    *, expression: str, day: dt.date, closures: Sequence[ClosureSpan] = (), granularity: str = BY_HALF_DAY
) -> DayPlan:
    reason = closed_reason(expression, day, closures)
    if reason:
        return DayPlan(day=day, slots=(), closed_reason=reason)
    intervals = [(_minutes(start), _minutes(end)) for start, end in opening_intervals(expression, day)]
    intervals = [(start, end) for start, end in intervals if end > start]
    slots = _hour_slots(day, intervals) if granularity == BY_HOUR else _half_day_slots(day, intervals)
    if not slots:
        return DayPlan(day=day, slots=(), closed_reason="lieu fermé ce jour-là" if not intervals else "aucun créneau")
    return DayPlan(day=day, slots=tuple(slots))


def _half_day_slots(day: dt.date, intervals: list[tuple[int, int]]) -> list[Slot]:
    noon = _minutes(NOON)
    slots = []
    for code, low, high in ((MORNING, 0, noon), (AFTERNOON, noon, 24 * 60)):
        pieces = [(max(start, low), min(end, high)) for start, end in intervals if min(end, high) > max(start, low)]
        pieces = [(start, end) for start, end in pieces if exists(day, _time(start))]
        if pieces:
            start = min(piece[0] for piece in pieces)
            end = max(piece[1] for piece in pieces)
            slots.append(Slot(day=day, code=code, starts_at=local(day, _time(start)), ends_at=_end(day, end)))
    return slots


def _hour_slots(day: dt.date, intervals: list[tuple[int, int]]) -> list[Slot]:
    slots = []
    for hour in range(24):
        start, end = hour * 60, hour * 60 + 60
        if not any(low <= start and end <= high for low, high in intervals):
            continue
        if not exists(day, dt.time(hour)):
            continue
        slots.append(Slot(day=day, code=f"{hour:02d}", starts_at=local(day, dt.time(hour)), ends_at=_end(day, end)))
    return slots


def days(
    *,
    expression: str,
    start: dt.date,
    end: dt.date,
    closures: Sequence[ClosureSpan] = (),
    granularity: str = BY_HALF_DAY,
) -> list[DayPlan]:
    """Every day from `start` to `end` (included), open or not."""
    count = min((end - start).days + 1, LONGEST_PERIOD_DAYS)
    return [
        day_plan(expression=expression, day=start + dt.timedelta(days=n), closures=closures, granularity=granularity)
        for n in range(max(count, 0))
    ]


# --- What a request asks for ----------------------------------------------------------------------------------------


class RequestError(Exception):
    """A request the rules refuse; `message` is a French sentence for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Rules:
    granularity: str = BY_HALF_DAY
    min_notice: dt.timedelta = dt.timedelta(0)
    longest_stay_days: int = 1  # days from the first to the last, both included
    cancellation_deadline: dt.timedelta = dt.timedelta(0)


def requested_slots(
    *,
    expression: str,
    closures: Sequence[ClosureSpan],
    rules: Rules,
    start_date: dt.date,
    end_date: dt.date | None = None,
    half: str = "",
    start_hour: int | None = None,
    end_hour: int | None = None,
    now: dt.datetime,
) -> list[Slot]:
    """The slots a request asks for, or RequestError saying why it cannot be booked.

    A half-day ("am"/"pm") on one day; a day (every open half of it); a period (every open day from start_date to
    end_date, closed days skipped); a meeting room from start_hour to end_hour on one day."""
    end_date = end_date or start_date
    if end_date < start_date:
        raise RequestError("La date de fin est avant la date de début.")
    span = (end_date - start_date).days + 1
    if span > min(rules.longest_stay_days, LONGEST_PERIOD_DAYS):
        raise RequestError(
            f"Cette ressource se réserve pour {rules.longest_stay_days} jour(s) au plus d'affilée : "
            f"vous en demandez {span}."
        )
    if rules.granularity == BY_HOUR:
        slots = _room_slots(expression, closures, start_date, end_date, start_hour, end_hour)
    else:
        slots = _desk_slots(expression, closures, start_date, end_date, half)
    first = slots[0].starts_at
    if first <= now:
        raise RequestError("Ce créneau est déjà commencé ou passé : choisissez une date à venir.")
    if first - now < rules.min_notice:
        raise RequestError(f"Cette ressource se réserve au moins {_duration(rules.min_notice)} à l'avance.")
    return slots


def _desk_slots(
    expression: str, closures: Sequence[ClosureSpan], start_date: dt.date, end_date: dt.date, half: str
) -> list[Slot]:
    if half and half not in HALF_DAYS:
        raise RequestError("Choisissez le matin, l'après-midi ou la journée.")
    if half and end_date != start_date:
        raise RequestError("Une demi-journée se réserve sur un seul jour.")
    plans = days(expression=expression, start=start_date, end=end_date, closures=closures)
    if len(plans) == 1:
        plan = plans[0]
        if not plan.is_open:
            raise RequestError(f"Impossible de réserver le {_date(plan.day)} : {plan.closed_reason}.")
        slots = [slot for slot in plan.slots if not half or slot.code == half]
        if not slots:
            raise RequestError(f"Le lieu n'est pas ouvert le {_date(plan.day)} {HALF_DAY_LABELS[half]}.")
        return slots
    slots = [slot for plan in plans for slot in plan.slots]
    if not slots:
        raise RequestError("Le lieu n'est ouvert aucun jour de cette période.")
    return slots


def _room_slots(
    expression: str,
    closures: Sequence[ClosureSpan],
    day: dt.date,
    end_date: dt.date,
    start_hour: int | None,
    end_hour: int | None,
) -> list[Slot]:
    if end_date != day:
        raise RequestError("Une salle de réunion se réserve sur un seul jour, à l'heure.")
    if start_hour is None or end_hour is None or not 0 <= start_hour < end_hour <= 24:
        raise RequestError("Choisissez une heure de début et une heure de fin après elle.")
    plan = day_plan(expression=expression, day=day, closures=closures, granularity=BY_HOUR)
    if not plan.is_open:
        raise RequestError(f"Impossible de réserver le {_date(day)} : {plan.closed_reason}.")
    by_code = {slot.code: slot for slot in plan.slots}
    wanted = [f"{hour:02d}" for hour in range(start_hour, end_hour) if exists(day, dt.time(hour))]
    missing = [code for code in wanted if code not in by_code]
    if missing or not wanted:
        raise RequestError(
            f"Le lieu n'est pas ouvert de {start_hour} h à {end_hour} h le {_date(day)} : "
            f"heures possibles ce jour-là : {opening_summary(plan)}."
        )
    return [by_code[code] for code in wanted]


def opening_summary(plan: DayPlan) -> str:
    if not plan.slots:
        return "aucune"
    return ", ".join(slot.label for slot in plan.slots)


def may_cancel(*, starts_at: dt.datetime, deadline: dt.timedelta, now: dt.datetime) -> bool:
    """A member cancels until `deadline` before the start."""
    return now <= starts_at - deadline


# --- Units ------------------------------------------------------------------------------------------------------------


def free_units(*, capacity: int, taken: Iterable[int]) -> list[int]:
    """The unit indices (0..capacity-1) not in `taken`, lowest first."""
    used = set(taken)
    return [unit for unit in range(capacity) if unit not in used]


def assign_units(
    *, capacity: int, slots: Sequence[tuple[dt.date, str]], taken: Mapping[tuple[dt.date, str], Iterable[int]]
) -> dict[tuple[dt.date, str], int]:
    """One unit for each slot, the same unit on every slot where it can (a person keeps their desk for a period), or
    RequestError naming the first full slot."""
    free = {key: free_units(capacity=capacity, taken=taken.get(key, ())) for key in slots}
    full = [key for key in slots if not free[key]]
    if full:
        day, code = full[0]
        when = slot_name(code) if code in HALF_DAY_LABELS else f"à {slot_name(code)}"
        more = f" (et {len(full) - 1} autre(s) créneau(x))" if len(full) > 1 else ""
        raise RequestError(f"Complet le {_date(day)} {when}{more} : il ne reste aucune place libre.")
    common = set.intersection(*(set(units) for units in free.values())) if free else set()
    if common:
        unit = min(common)
        return dict.fromkeys(slots, unit)
    return {key: free[key][0] for key in slots}


# --- Words ------------------------------------------------------------------------------------------------------------

_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _date(day: dt.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{hours.DAY_NAMES[day.weekday()]} {number} {_MONTHS[day.month - 1]} {day.year}"


def date_label(day: dt.date) -> str:
    return _date(day)


def _duration(value: dt.timedelta) -> str:
    total_hours = int(value.total_seconds() // 3600)
    if total_hours and total_hours % 24 == 0:
        days_count = total_hours // 24
        return f"{days_count} jour{'s' if days_count > 1 else ''}"
    return f"{total_hours} heure{'s' if total_hours > 1 else ''}"
