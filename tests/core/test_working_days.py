"""core.dates.working_days_between counts by weeks and holidays; a day-by-day walk is the reference it must match."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from solozere.core.dates import is_working_day, working_days_between


def walked(start: dt.date, end: dt.date) -> int:
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


@settings(max_examples=500, deadline=None)
@given(start=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)), span=st.integers(-30, 1200))
def test_the_count_matches_a_day_by_day_walk(start, span):
    end = start + dt.timedelta(days=span)
    assert working_days_between(start, end) == walked(start, end)


def test_holidays_on_a_weekday_are_not_working_days_and_years_are_crossed():
    # From Wednesday 24 December 2025 to Friday 2 January 2026: 25 December and 1 January are holidays, 27-28 December
    # a weekend: the 26th, 29th, 30th, 31st and 2nd are left.
    assert working_days_between(dt.date(2025, 12, 24), dt.date(2026, 1, 2)) == 5


def test_a_holiday_on_a_sunday_is_not_taken_twice():
    # Sunday 1 November 2026 (Toussaint): the week from Friday 30 October to Friday 6 November has 5 working days.
    assert working_days_between(dt.date(2026, 10, 30), dt.date(2026, 11, 6)) == 5


def test_nothing_after_the_start_is_zero():
    assert working_days_between(dt.date(2026, 3, 10), dt.date(2026, 3, 10)) == 0
    assert working_days_between(dt.date(2026, 3, 10), dt.date(2026, 3, 1)) == 0
