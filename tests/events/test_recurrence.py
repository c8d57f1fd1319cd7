import datetime as dt

import pytest

from solozere.events.recurrence import (
    PARIS,
    Frequency,
    RecurrenceError,
    build_rule,
    describe,
    occurrences,
    week_of_month,
)


def _series(frequency: str, first: dt.datetime, count: int, hours: int = 2) -> list:
    rule = build_rule(frequency=frequency, first=first.date(), count=count)
    return occurrences(rule=rule, start=first, duration=dt.timedelta(hours=hours))


def test_a_weekly_series_across_the_change_to_summer_time_keeps_its_local_hour():
    # Tuesdays at 9 h from 17 March 2026; summer time begins on Sunday 29 March.
    series = _series(Frequency.WEEKLY, dt.datetime(2026, 3, 17, 9, tzinfo=PARIS), 4)
    assert [o.starts_at.date() for o in series] == [
        dt.date(2026, 3, 17),
        dt.date(2026, 3, 24),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 7),
    ]
    assert {o.starts_at.astimezone(PARIS).hour for o in series} == {9}
    assert {o.ends_at.astimezone(PARIS).hour for o in series} == {11}
    # In UTC the hour moves: 8 h in winter, 7 h in summer.
    assert [o.starts_at.astimezone(dt.UTC).hour for o in series] == [8, 8, 7, 7]


def test_a_monthly_series_across_the_change_to_winter_time_keeps_its_local_hour():
    # The first Tuesday of each month at 8 h 30, from September 2026; winter time on Sunday 25 October.
    series = _series(Frequency.MONTHLY_WEEKDAY, dt.datetime(2026, 9, 1, 8, 30, tzinfo=PARIS), 3)
    assert [o.starts_at.date() for o in series] == [dt.date(2026, 9, 1), dt.date(2026, 10, 6), dt.date(2026, 11, 3)]
    assert {(o.starts_at.hour, o.starts_at.minute) for o in series} == {(8, 30)}
    assert [o.starts_at.utcoffset() for o in series] == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=2),
        dt.timedelta(hours=1),
    ]


def test_an_event_that_spans_the_night_of_the_change_lasts_its_wall_clock_hours():
    # Saturday 24 October 2026, 20 h to 2 h the next night (the clock goes back at 3 h).
    series = _series(Frequency.WEEKLY, dt.datetime(2026, 10, 24, 20, tzinfo=PARIS), 2, hours=6)
    assert series[0].ends_at == dt.datetime(2026, 10, 25, 2, tzinfo=PARIS)


def test_the_last_weekday_of_the_month_is_minus_one():
    assert week_of_month(dt.date(2026, 12, 29)) == -1  # fifth Tuesday of December 2026
    assert week_of_month(dt.date(2026, 12, 1)) == 1
    assert week_of_month(dt.date(2026, 12, 22)) == 4
    rule = build_rule(frequency=Frequency.MONTHLY_WEEKDAY, first=dt.date(2026, 12, 29), count=2)
    assert rule == "FREQ=MONTHLY;BYDAY=-1TU;COUNT=2"


@pytest.mark.parametrize(
    ("frequency", "first", "expected"),
    [
        (Frequency.WEEKLY, dt.date(2026, 12, 1), "chaque mardi (3 dates)"),
        (Frequency.FORTNIGHTLY, dt.date(2026, 12, 4), "un vendredi sur deux (3 dates)"),
        (Frequency.MONTHLY_WEEKDAY, dt.date(2026, 12, 1), "chaque mois, le premier mardi (3 dates)"),
        (Frequency.MONTHLY_DATE, dt.date(2026, 12, 12), "chaque mois, le 12 (3 dates)"),
    ],
)
def test_series_are_described_in_french(frequency, first, expected):
    assert describe(frequency=frequency, first=first, count=3) == expected


def test_a_fortnightly_series_skips_a_week():
    series = _series(Frequency.FORTNIGHTLY, dt.datetime(2026, 12, 4, 9, tzinfo=PARIS), 3)
    assert [o.starts_at.date() for o in series] == [dt.date(2026, 12, 4), dt.date(2026, 12, 18), dt.date(2027, 1, 1)]


@pytest.mark.parametrize("count", [0, 1, 25, -3])
def test_a_series_counts_two_to_twenty_four_dates(count):
    with pytest.raises(RecurrenceError, match="de 2 à 24"):
        build_rule(frequency=Frequency.WEEKLY, first=dt.date(2026, 12, 1), count=count)


def test_a_monthly_date_after_the_28th_is_refused_in_french():
    with pytest.raises(RecurrenceError, match="Certains mois n'ont pas de 31"):
        build_rule(frequency=Frequency.MONTHLY_DATE, first=dt.date(2026, 12, 31), count=3)


def test_an_unknown_frequency_is_refused():
    with pytest.raises(RecurrenceError, match="fréquence"):
        build_rule(frequency="yearly", first=dt.date(2026, 12, 1), count=3)


def test_a_series_that_ends_before_it_starts_is_refused():
    with pytest.raises(RecurrenceError, match="après le début"):
        occurrences(
            rule="FREQ=WEEKLY;COUNT=2", start=dt.datetime(2026, 12, 1, 9, tzinfo=PARIS), duration=dt.timedelta(0)
        )
