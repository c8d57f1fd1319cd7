"""The managers' weekly grid of opening hours, and its OpenStreetMap `opening_hours` expression, both ways.

A grid is what most places need and what a person can fill in without learning a syntax: each day closed, or one or
two intervals, and public holidays closed or open as usual. Pure: no ORM. Anything richer (months, week numbers,
comments, "24/7", a night past midnight...) is not a grid: `expression_to_grid` says why, and the raw expression stays
editable as an advanced option.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from solozere.places import hours

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MAX_INTERVALS = 2

Interval = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class DayHours:
    """One day of the grid: no interval means closed."""

    intervals: tuple[Interval, ...] = ()

    @property
    def closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class WeekGrid:
    days: tuple[DayHours, ...] = field(default_factory=lambda: tuple(DayHours() for _ in DAY_CODES))
    # None: not said yet (a place without hours); True: closed on public holidays; False: open as on that weekday.
    holidays_closed: bool | None = None

    def __post_init__(self) -> None:
        if len(self.days) != len(DAY_CODES):
            raise ValueError("A week grid has seven days, Monday first.")

    @property
    def all_closed(self) -> bool:
        return all(day.closed for day in self.days)


@dataclass(frozen=True)
class SlotError:
    """A mistake in one day's intervals: `slot` names the input ("start1", "end1", "start2", "end2")."""

    slot: str
    message: str


# --- Checking one day ---------------------------------------------------------------------------------------------


def check_day(
    start1: dt.time | None, end1: dt.time | None, start2: dt.time | None, end2: dt.time | None
) -> list[SlotError]:
    """What is wrong with one open day's inputs, each message under the input to correct (in French)."""
    errors: list[SlotError] = []
    first = _check_interval(start1, end1, "1", first=True, errors=errors)
    second = _check_interval(start2, end2, "2", first=False, errors=errors)
    if first is None and second is None and not errors:
        errors.append(SlotError("start1", str(_("Indiquez l'heure d'ouverture, ou cochez « Fermé »."))))
    if first is not None and second is not None and second[0] <= first[1]:
        errors.append(
            SlotError(
                "start2",
                str(
                    _("Le second créneau doit commencer après la fin du premier (%(end)s).")
                    % {"end": first[1].strftime("%H:%M")}
                ),
            )
        )
    if first is None and second is not None and not errors:
        errors.append(SlotError("start1", str(_("Remplissez d'abord le premier créneau."))))
    return errors


def _check_interval(
    start: dt.time | None, end: dt.time | None, number: str, *, first: bool, errors: list[SlotError]
) -> Interval | None:
    if start is None and end is None:
        return None
    if start is None:
        errors.append(SlotError(f"start{number}", str(_("Indiquez aussi l'heure de début de ce créneau."))))
        return None
    if end is None:
        errors.append(SlotError(f"end{number}", str(_("Indiquez aussi l'heure de fin de ce créneau."))))
        return None
    if end <= start:
        errors.append(
            SlotError(
                f"end{number}",
                str(
                    _("L'heure de fin doit être après l'heure de début (%(start)s).")
                    % {"start": start.strftime("%H:%M")}
                ),
            )
        )
        return None
    return (start, end)


# --- Grid -> expression -------------------------------------------------------------------------------------------


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _day_list(indexes: list[int]) -> str:
    """[0, 1, 2, 3, 4] -> "Mo-Fr"; [0, 2, 4] -> "Mo,We,Fr"; [5, 6] -> "Sa,Su" (a range only from three days)."""
    parts: list[str] = []
    run: list[int] = []
    for index in [*indexes, None]:
        if index is not None and run and index == run[-1] + 1:
            run.append(index)
            continue
        if run:
            if len(run) >= 3:
                parts.append(f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}")
            else:
                parts.extend(DAY_CODES[i] for i in run)
        run = [index] if index is not None else []
    return ",".join(parts)


def grid_to_expression(grid: WeekGrid) -> str:
    """The expression of a grid: days with the same intervals share a rule, the holidays rule comes last (a later
    rule wins in OpenStreetMap's syntax). A grid with every day closed has no expression: hours not given."""
    if grid.all_closed:
        return ""
    groups: dict[tuple[Interval, ...], list[int]] = {}
    for index, day in enumerate(grid.days):
        if not day.closed:
            groups.setdefault(day.intervals, []).append(index)
    rules = [
        f"{_day_list(indexes)} {','.join(f'{_hhmm(start)}-{_hhmm(end)}' for start, end in intervals)}"
        for intervals, indexes in groups.items()
    ]
    if grid.holidays_closed:
        rules.append("PH off")
    return "; ".join(rules)


# --- Expression -> grid -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridReading:
    """The grid an expression reads as, or why it cannot be shown as one (`reason`, in French)."""

    grid: WeekGrid | None
    reason: str = ""


_DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS_RE = re.compile(rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*")
_TIME_RE = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_RULE_RE = re.compile(rf"^(?:(?P<days>{_DAYS_RE.pattern})\s+)?(?P<rest>.+)$")


def _days_of(selector: str) -> list[int]:
    days: list[int] = []
    for part in selector.split(","):
        first, _sep, last = part.partition("-")
        start = DAY_CODES.index(first)
        end = DAY_CODES.index(last) if last else start
        index = start
        while True:  # "Sa-Mo" wraps over the weekend, as in OpenStreetMap's syntax
            days.append(index)
            if index == end:
                break
            index = (index + 1) % 7
    return days


def _time_of(text: str) -> dt.time | None:
    match = _TIME_RE.fullmatch(text)
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def _intervals_of(text: str) -> tuple[Interval, ...] | None:
    intervals: list[Interval] = []
    for part in text.split(","):
        start_text, sep, end_text = part.strip().partition("-")
        start, end = _time_of(start_text.strip()), _time_of(end_text.strip())
        if not sep or start is None or end is None:
            return None
        intervals.append((start, end))
    intervals.sort()
    if len(intervals) > MAX_INTERVALS:
        return None
    (start1, end1), (start2, end2) = intervals[0], intervals[1] if len(intervals) > 1 else (None, None)
    if check_day(start1, end1, start2, end2):
        return None
    return tuple(intervals)


NOT_A_GRID = _(
    "Ces horaires utilisent des possibilités que la grille ne sait pas montrer (mois, semaines, commentaires, "
    "plus de deux créneaux par jour, passage de minuit…)."
)


def expression_to_grid(expression: str) -> GridReading:
    """The grid of an expression this module could have written (or a person, in the same simple terms: "Mo-Fr
    09:00-18:00; We 09:00-12:00", a later rule overriding an earlier one for its days, as the syntax says)."""
    text = (expression or "").strip()
    if not text:
        return GridReading(WeekGrid())
    if not hours.is_valid(text):
        return GridReading(None, str(_("Ces horaires ne sont pas lisibles tels quels.")))
    days: list[DayHours] = [DayHours() for _ in DAY_CODES]
    holidays_closed = False
    rules = [rule.strip() for rule in text.split(";")]
    for position, rule in enumerate(rules):
        if not rule:
            return GridReading(None, str(NOT_A_GRID))
        if rule in ("PH off", "PH closed"):
            # Only last: a later weekday rule would reopen the holidays that fall on its days.
            if position != len(rules) - 1:
                return GridReading(None, str(NOT_A_GRID))
            holidays_closed = True
            continue
        match = _RULE_RE.match(rule)
        if match is None:
            return GridReading(None, str(NOT_A_GRID))
        selected = _days_of(match.group("days")) if match.group("days") else list(range(7))
        rest = match.group("rest").strip()
        if rest in ("off", "closed"):
            for index in selected:
                days[index] = DayHours()
            continue
        intervals = _intervals_of(rest)
        if intervals is None:
            return GridReading(None, str(NOT_A_GRID))
        for index in selected:
            days[index] = DayHours(intervals)
    return GridReading(WeekGrid(days=tuple(days), holidays_closed=holidays_closed))
