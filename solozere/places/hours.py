"""Opening hours in OpenStreetMap `opening_hours` syntax: validation, "open now", and a week table.
Pure: no ORM. The parser is opening-hours-py (the reference Rust implementation)."""

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import opening_hours

PARIS = ZoneInfo("Europe/Paris")
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


class HoursState:
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DaySchedule:
    date: dt.date
    day_index: int  # 0 = Monday
    intervals: list[tuple[dt.time, dt.time]]
    # Periods the expression marks as unknown ("Mo 14:00-18:00 unknown", "off" with a comment...).
    unknown_intervals: list[tuple[dt.time, dt.time]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return not self.intervals and not self.unknown_intervals

    @property
    def unknown(self) -> bool:
        return not self.intervals and bool(self.unknown_intervals)


def is_valid(expression: str) -> bool:
    return bool(expression.strip()) and opening_hours.validate(expression.strip())


def _parse(expression: str) -> "opening_hours.OpeningHours | None":
    return _parse_stripped((expression or "").strip())


# Parsed once per distinct expression and shared by every row and request that shows it (a list shows a handful of
# distinct expressions over a hundred places); the parsed object is only queried, never changed.
@functools.lru_cache(maxsize=2048)
def _parse_stripped(expression: str) -> "opening_hours.OpeningHours | None":
    if not expression or not opening_hours.validate(expression):
        return None
    # Country FR for public holidays ("PH off"); naive local times in Europe/Paris.
    return opening_hours.OpeningHours(expression, country="FR")


def _local_naive(moment: dt.datetime | None) -> dt.datetime:
    moment = moment or dt.datetime.now(tz=PARIS)
    if moment.tzinfo is not None:
        moment = moment.astimezone(PARIS).replace(tzinfo=None)
    return moment


def state_at(expression: str, moment: dt.datetime | None = None) -> str:
    parsed = _parse(expression)
    if parsed is None:
        return HoursState.UNKNOWN
    when = _local_naive(moment)
    if parsed.is_open(when):
        return HoursState.OPEN
    if parsed.is_closed(when):
        return HoursState.CLOSED
    return HoursState.UNKNOWN


def week_schedule(expression: str, moment: dt.datetime | None = None) -> list[DaySchedule] | None:
    """The seven days starting from Monday of the week containing `moment`; None if unknown/invalid."""
    parsed = _parse(expression)
    if parsed is None:
        return None
    today = _local_naive(moment).date()
    monday = today - dt.timedelta(days=today.weekday())
    start = dt.datetime.combine(monday, dt.time.min)
    end = start + dt.timedelta(days=7)
    days: dict[dt.date, list[tuple[dt.time, dt.time]]] = {monday + dt.timedelta(days=i): [] for i in range(7)}
    unknown: dict[dt.date, list[tuple[dt.time, dt.time]]] = {day: [] for day in days}
    for interval_start, interval_end, state, _comment in parsed.intervals(start, end):
        state_name = str(state).split(".")[-1].upper()
        if state_name not in ("OPEN", "UNKNOWN"):
            continue
        target = days if state_name == "OPEN" else unknown
        interval_start = max(_naive(interval_start), start)
        interval_end = min(_naive(interval_end) if interval_end else end, end)
        cursor = interval_start
        while cursor < interval_end:
            day_end = dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time.min)
            piece_end = min(day_end, interval_end)
            target[cursor.date()].append((cursor.time(), dt.time(23, 59) if piece_end == day_end else piece_end.time()))
            cursor = piece_end
    return [
        DaySchedule(date=day, day_index=day.weekday(), intervals=intervals, unknown_intervals=unknown[day])
        for day, intervals in days.items()
    ]


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(PARIS).replace(tzinfo=None) if value.tzinfo else value


class HolidaysRule:
    CLOSED = "closed"  # "...; PH off": closed on every public holiday
    USUAL = "usual"  # no PH rule: a public holiday follows its weekday's hours


def holidays_rule(expression: str) -> str | None:
    """How the hours treat French public holidays, when it can be said in one sentence; None otherwise (invalid
    hours, or holiday hours of their own)."""
    text = (expression or "").strip()
    if _parse(text) is None:
        return None
    if not re.search(r"\bPH\b", text):
        return HolidaysRule.USUAL
    # Last, so that no later weekday rule reopens a holiday that falls on its days.
    if text.split(";")[-1].strip() in ("PH off", "PH closed"):
        return HolidaysRule.CLOSED
    return None


# "PH" alone is open exactly on the public holidays of France (the same calendar the place's hours use).
_HOLIDAYS = opening_hours.OpeningHours("PH", country="FR")


def is_public_holiday(day: dt.date) -> bool:
    return bool(_HOLIDAYS.is_open(dt.datetime.combine(day, dt.time(12, 0))))
