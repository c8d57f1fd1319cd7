"""Series of events (a monthly breakfast): the occurrences of a recurrence rule, in Europe/Paris wall-clock time.
Pure: no ORM, no clock.

The rule is an RFC 5545 RRULE that the organiser builds from a few choices (every week, every two weeks, every
month on the same weekday — "le premier mardi" — or on the same date), applied with dateutil to the naive local
start, each occurrence then placed in Europe/Paris: a 9 h breakfast stays at 9 h on both sides of the changes to and
from summer time (applied to an aware datetime, it would keep the UTC hour and move by one hour)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES  # 0 = Monday, translated: « lundi »
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

PARIS = ZoneInfo("Europe/Paris")
MAX_OCCURRENCES = 24
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ORDINALS = {
    1: pgettext_lazy("weekday of the month", "premier"),
    2: pgettext_lazy("weekday of the month", "deuxième"),
    3: pgettext_lazy("weekday of the month", "troisième"),
    4: pgettext_lazy("weekday of the month", "quatrième"),
    -1: pgettext_lazy("weekday of the month", "dernier"),
}


class Frequency:
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY_WEEKDAY = "monthly_weekday"  # the first Tuesday of every month
    MONTHLY_DATE = "monthly_date"  # the 12th of every month

    CHOICES = [
        (WEEKLY, gettext_lazy("Chaque semaine")),
        (FORTNIGHTLY, gettext_lazy("Toutes les deux semaines")),
        (MONTHLY_WEEKDAY, gettext_lazy("Chaque mois, le même jour de la semaine (par exemple le premier mardi)")),
        (MONTHLY_DATE, gettext_lazy("Chaque mois, à la même date")),
    ]


class RecurrenceError(ValueError):
    """A series that cannot be made; `message` is French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Occurrence:
    starts_at: dt.datetime
    ends_at: dt.datetime


def week_of_month(day: dt.date) -> int:
    """1 for the first such weekday of its month, ..., -1 when it is the last and the fifth."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


def build_rule(*, frequency: str, first: dt.date, count: int) -> str:
    """The RRULE of a series starting on `first` with `count` occurrences."""
    if not 2 <= count <= MAX_OCCURRENCES:
        raise RecurrenceError(_("Une série compte de 2 à %(max)s dates.") % {"max": MAX_OCCURRENCES})
    weekday = WEEKDAYS[first.weekday()]
    if frequency == Frequency.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday};COUNT={count}"
    if frequency == Frequency.FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday};COUNT={count}"
    if frequency == Frequency.MONTHLY_WEEKDAY:
        return f"FREQ=MONTHLY;BYDAY={week_of_month(first)}{weekday};COUNT={count}"
    if frequency == Frequency.MONTHLY_DATE:
        if first.day > 28:
            raise RecurrenceError(
                _(
                    "Certains mois n'ont pas de %(day)s : choisissez un jour du 1er au 28, ou « le même jour de la "
                    "semaine »."
                )
                % {"day": first.day}
            )
        return f"FREQ=MONTHLY;BYMONTHDAY={first.day};COUNT={count}"
    raise RecurrenceError(_("Choisissez une fréquence."))


def describe(*, frequency: str, first: dt.date, count: int) -> str:
    """The series in French: « chaque mois, le premier mardi (6 dates) »."""
    weekday = str(WEEKDAY_NAMES[first.weekday()]).lower()
    if frequency == Frequency.WEEKLY:
        text = _("chaque %(weekday)s") % {"weekday": weekday}
    elif frequency == Frequency.FORTNIGHTLY:
        text = _("un %(weekday)s sur deux") % {"weekday": weekday}
    elif frequency == Frequency.MONTHLY_WEEKDAY:
        text = _("chaque mois, le %(ordinal)s %(weekday)s") % {
            "ordinal": ORDINALS[week_of_month(first)],
            "weekday": weekday,
        }
    elif first.day == 1:
        text = _("chaque mois, le 1er")
    else:
        text = _("chaque mois, le %(day)s") % {"day": first.day}
    dates = ngettext("%(count)s date", "%(count)s dates", count) % {"count": count}
    return f"{text} ({dates})"


def occurrences(*, rule: str, start: dt.datetime, duration: dt.timedelta) -> list[Occurrence]:
    """Every occurrence of `rule` from `start` (aware), each lasting `duration` of wall-clock time, in Paris."""
    if start.tzinfo is None:
        raise ValueError("start must be aware")
    if duration <= dt.timedelta(0):
        raise RecurrenceError(_("La fin doit venir après le début."))
    local = start.astimezone(PARIS).replace(tzinfo=None)
    dates = list(rrule.rrulestr(rule, dtstart=local))
    if len(dates) > MAX_OCCURRENCES:
        raise RecurrenceError(_("Une série compte au plus %(max)s dates.") % {"max": MAX_OCCURRENCES})
    result = []
    for naive in dates:
        starts_at = naive.replace(tzinfo=PARIS)
        ends_at = (naive + duration).replace(tzinfo=PARIS)
        result.append(Occurrence(starts_at=starts_at, ends_at=ends_at))
    return result
