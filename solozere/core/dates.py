"""Date arithmetic shared by the apps: terms, French public holidays, working days. Pure: no ORM."""

import datetime as dt
import functools

import holidays


def one_year_from(start: dt.date) -> dt.date:
    """The last day of a one-year term starting on `start` (a 29 February start ends on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:
        anniversary = start.replace(year=start.year + 1, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


@functools.lru_cache(maxsize=256)
def holiday_name(day: dt.date) -> str:
    """The French public holiday on `day` ("Noël"), or "" (PyPI holidays, France: SOURCES.md)."""
    return _france(day.year).get(day, "")


@functools.lru_cache(maxsize=32)
def _france(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("FR", years=year, language="fr")


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a French public holiday."""
    return day.weekday() < 5 and not holiday_name(day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The working days after `start` up to `end` included (0 when `end` is not after `start`): a request received
    on a Friday has waited 1 working day on Monday, 0 over the weekend. Counted by whole weeks, then the public
    holidays of the years between that fall on a weekday: a queue of year-old requests costs no day-by-day walk."""
    first = start + dt.timedelta(days=1)
    if end < first:
        return 0
    weeks, rest = divmod((end - first).days + 1, 7)
    count = weeks * 5 + sum((first + dt.timedelta(days=i)).weekday() < 5 for i in range(rest))
    for year in range(first.year, end.year + 1):
        count -= sum(day.year == year and first <= day <= end and day.weekday() < 5 for day in _france(year))
    return count
