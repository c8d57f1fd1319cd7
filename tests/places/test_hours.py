import datetime as dt

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
