import datetime as dt
import time

import pytest

from solozere.places import hours

WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off"
THURSDAY = dt.datetime(2026, 11, 26, 10, 0)


@pytest.mark.parametrize("expression", [WEEKDAYS, "24/7", "Mo-Su 08:00-20:00", "Tu,Th 14:00-18:00; Sa unknown"])
def test_valid_expressions(expression):
    assert hours.is_valid(expression)


@pytest.mark.parametrize("expression", ["", "   ", "lundi 9h-12h", "Mo-Fr 25:00-26:00", "<script>"])
def test_invalid_expressions(expression):
    assert not hours.is_valid(expression)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (THURSDAY, hours.HoursState.OPEN),
        (THURSDAY.replace(hour=13), hours.HoursState.CLOSED),
        (dt.datetime(2026, 11, 28, 11, 0), hours.HoursState.OPEN),  # Saturday morning
        (dt.datetime(2026, 11, 29, 11, 0), hours.HoursState.CLOSED),  # Sunday
        (dt.datetime(2026, 12, 25, 10, 0), hours.HoursState.CLOSED),  # Christmas, a French public holiday
    ],
)
def test_state_at(moment, state):
    assert hours.state_at(WEEKDAYS, moment) == state


def test_an_aware_moment_is_read_in_paris_time():
    utc_9 = dt.datetime(2026, 11, 26, 8, 30, tzinfo=dt.UTC)  # 09:30 in Paris (UTC+1 in November)
    assert hours.state_at("Mo-Fr 09:00-10:00", utc_9) == hours.HoursState.OPEN


def test_unknown_or_missing_hours_are_unknown_not_closed():
    assert hours.state_at("", THURSDAY) == hours.HoursState.UNKNOWN
    assert hours.state_at("n'importe quoi", THURSDAY) == hours.HoursState.UNKNOWN
    assert hours.state_at("Th unknown", THURSDAY) == hours.HoursState.UNKNOWN


def test_week_schedule_starts_on_monday_and_lists_intervals():
    week = hours.week_schedule(WEEKDAYS, THURSDAY)
    assert [d.day_index for d in week] == list(range(7))
    assert week[0].date == dt.date(2026, 11, 23)
    assert week[3].intervals == [(dt.time(9), dt.time(12)), (dt.time(14), dt.time(18))]
    assert week[5].intervals == [(dt.time(9), dt.time(12))]
    assert week[6].closed


def test_week_schedule_tells_unknown_days_from_closed_days():
    week = hours.week_schedule("Mo-Fr 09:00-12:00; Sa unknown", THURSDAY)
    assert week[5].unknown and not week[5].closed
    assert week[6].closed and not week[6].unknown


def test_week_schedule_splits_a_night_across_two_days():
    week = hours.week_schedule("Fr 20:00-02:00", THURSDAY)
    assert week[4].intervals == [(dt.time(20), dt.time(23, 59))]
    assert week[5].intervals == [(dt.time(0), dt.time(2))]


def test_week_schedule_of_unknown_hours_is_none():
    assert hours.week_schedule("", THURSDAY) is None
    assert hours.week_schedule("pas d'horaires", THURSDAY) is None


@pytest.fixture
def server_in_utc(monkeypatch):
    """Django sets the process zone to TIME_ZONE (Paris): run as a server whose own clock is in UTC, so that
    a conversion relying on the process zone instead of Europe/Paris shows."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_week_with_sunday_hours_lists_them_on_sunday():
    week = hours.week_schedule("Su 10:00-12:00", THURSDAY)
    assert [d.date for d in week][-1] == dt.date(2026, 11, 29)
    assert week[6].intervals == [(dt.time(10), dt.time(12))]
    assert all(day.closed for day in week[:6])


def test_an_aware_summer_moment_is_read_at_utc_plus_two(server_in_utc):
    # 1 July 07:30 UTC is 09:30 in Paris (summer time); a fixed UTC+1 would read 08:30.
    assert hours.state_at("Mo-Fr 09:00-10:00", dt.datetime(2026, 7, 1, 7, 30, tzinfo=dt.UTC)) == hours.HoursState.OPEN
    assert hours.state_at("Mo-Fr 08:00-09:00", dt.datetime(2026, 7, 1, 7, 30, tzinfo=dt.UTC)) == hours.HoursState.CLOSED


@pytest.mark.parametrize(
    ("utc", "paris"),
    [
        # Last Sunday of March 2026: at 01:00 UTC, Paris goes from 02:00 (UTC+1) straight to 03:00 (UTC+2).
        (dt.datetime(2026, 3, 29, 0, 59), dt.datetime(2026, 3, 29, 1, 59)),
        (dt.datetime(2026, 3, 29, 1, 0), dt.datetime(2026, 3, 29, 3, 0)),
        # Last Sunday of October 2026: at 01:00 UTC, Paris goes back from 03:00 (UTC+2) to 02:00 (UTC+1).
        (dt.datetime(2026, 10, 25, 0, 30), dt.datetime(2026, 10, 25, 2, 30)),
        (dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 25, 2, 30)),
    ],
)
def test_aware_moments_are_read_in_paris_across_the_changes_of_time(server_in_utc, utc, paris):
    moment = utc.replace(tzinfo=dt.UTC)
    opening = f"Su {paris:%H:%M}-{paris + dt.timedelta(minutes=1):%H:%M}"
    assert hours.state_at(opening, moment) == hours.HoursState.OPEN
    before = paris - dt.timedelta(minutes=30)
    assert hours.state_at(f"Su {before:%H:%M}-{paris:%H:%M}", moment) == hours.HoursState.CLOSED


def test_late_on_the_sunday_of_summer_time_paris_is_already_in_the_next_week(server_in_utc):
    # 29 March 2026 22:30 UTC is Monday 30 March 00:30 in Paris; a fixed UTC+1 would still be Sunday 23:30.
    week = hours.week_schedule("Mo 00:00-01:00", dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC))
    assert week[0].date == dt.date(2026, 3, 30)
    assert week[0].intervals == [(dt.time(0), dt.time(1))]
    assert hours.state_at("Mo 00:00-01:00", dt.datetime(2026, 3, 29, 22, 30, tzinfo=dt.UTC)) == hours.HoursState.OPEN


def test_the_week_of_a_change_of_time_keeps_wall_clock_hours(server_in_utc):
    spring = hours.week_schedule("Su 01:00-04:00", dt.datetime(2026, 3, 26, 12, tzinfo=dt.UTC))
    assert spring[6].date == dt.date(2026, 3, 29)
    assert spring[6].intervals == [(dt.time(1), dt.time(4))]
    autumn = hours.week_schedule("24/7", dt.datetime(2026, 10, 22, 12, tzinfo=dt.UTC))
    assert autumn[6].date == dt.date(2026, 10, 25)
    assert [day.intervals for day in autumn] == [[(dt.time(0), dt.time(23, 59))]] * 7


def test_without_a_moment_the_hours_are_read_now_in_paris(server_in_utc):
    now = dt.datetime.now(tz=hours.PARIS)
    if now.hour >= 22:
        pytest.skip("the window around now would cross midnight")
    # Two hours from the start of the current one: never the UTC clock (one or two hours behind), even if the hour
    # turns during the test.
    window = f"Mo-Su {now.hour:02d}:00-{now.hour + 1:02d}:59"
    assert hours.state_at(window) == hours.HoursState.OPEN
    week = hours.week_schedule(window)
    assert now.date() in [day.date for day in week]


@pytest.mark.parametrize(
    ("expression", "rule"),
    [
        ("Mo-Fr 09:00-12:00,14:00-18:00; PH off", hours.HolidaysRule.CLOSED),
        ("Mo-Fr 09:00-18:00; PH closed", hours.HolidaysRule.CLOSED),
        ("Mo-Fr 09:00-18:00", hours.HolidaysRule.USUAL),
        ("PH off; Mo-Fr 09:00-18:00", None),  # the weekday rule reopens the holidays on weekdays
        ("Mo-Fr 09:00-18:00; PH 10:00-12:00", None),
        ("", None),
        ("pas d'horaires", None),
    ],
)
def test_holidays_rule_says_how_public_holidays_are_treated(expression, rule):
    assert hours.holidays_rule(expression) == rule


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (dt.date(2026, 12, 25), True),
        (dt.date(2026, 5, 14), True),  # Ascension Thursday, a movable feast
        (dt.date(2026, 7, 14), True),
        (dt.date(2026, 12, 24), False),
        (dt.date(2026, 11, 26), False),
    ],
)
def test_french_public_holidays(day, holiday):
    assert hours.is_public_holiday(day) is holiday
