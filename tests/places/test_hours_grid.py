"""The weekly grid ⇄ OpenStreetMap expression, without the database. Each expression written is also read back by
opening-hours-py (what the site evaluates), so that a grid means on the place page what the manager entered."""

import datetime as dt
import itertools

import pytest

from solozere.places import hours
from solozere.places.hours_grid import (
    DAY_CODES,
    DayHours,
    SlotError,
    WeekGrid,
    check_day,
    expression_to_grid,
    grid_to_expression,
)

T = dt.time
MORNING = (T(9), T(12))
AFTERNOON = (T(14), T(18))
WEEKDAYS_TWO = DayHours((MORNING, AFTERNOON))
CLOSED = DayHours()
# A week without public holidays (Monday 23 to Sunday 29 November 2026) and a Friday that is one (25 December 2026).
PLAIN_MONDAY = dt.datetime(2026, 11, 23)
CHRISTMAS_FRIDAY = dt.datetime(2026, 12, 25, 10, 0)


def week(*days: DayHours, holidays_closed: bool | None = False) -> WeekGrid:
    return WeekGrid(days=tuple(days), holidays_closed=holidays_closed)


ISSUE_GRID = week(*[WEEKDAYS_TWO] * 5, CLOSED, CLOSED, holidays_closed=True)

GRIDS = [
    ISSUE_GRID,
    week(*[WEEKDAYS_TWO] * 5, DayHours((MORNING,)), CLOSED),
    week(*[DayHours(((T(8), T(20)),))] * 7),
    week(DayHours((MORNING,)), CLOSED, DayHours((MORNING,)), CLOSED, DayHours((MORNING,)), CLOSED, CLOSED),
    week(CLOSED, CLOSED, CLOSED, CLOSED, CLOSED, DayHours(((T(10), T(12, 30)),)), DayHours((AFTERNOON,))),
    week(
        DayHours(((T(7, 45), T(12, 15)), (T(13, 30), T(23, 59)))),
        *[CLOSED] * 5,
        DayHours(((T(0), T(1)),)),
        holidays_closed=True,
    ),
    week(DayHours((MORNING,)), *[CLOSED] * 5, DayHours((MORNING,))),  # Monday and Sunday: not a range
]


@pytest.mark.parametrize(
    ("grid", "expression"),
    [
        (ISSUE_GRID, "Mo-Fr 09:00-12:00,14:00-18:00; PH off"),
        (GRIDS[1], "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"),
        (GRIDS[2], "Mo-Su 08:00-20:00"),
        (GRIDS[3], "Mo,We,Fr 09:00-12:00"),
        (GRIDS[4], "Sa 10:00-12:30; Su 14:00-18:00"),
        (GRIDS[6], "Mo,Su 09:00-12:00"),
        (week(*[DayHours((MORNING,))] * 2, *[CLOSED] * 5), "Mo,Tu 09:00-12:00"),
    ],
)
def test_a_grid_is_written_as_the_usual_expression(grid, expression):
    assert grid_to_expression(grid) == expression


@pytest.mark.parametrize("grid", GRIDS)
def test_every_grid_reads_back_as_itself(grid):
    assert expression_to_grid(grid_to_expression(grid)).grid == grid


@pytest.mark.parametrize("grid", GRIDS)
def test_the_expression_written_opens_exactly_when_the_grid_says(grid):
    expression = grid_to_expression(grid)
    assert hours.is_valid(expression)

    schedule = hours.week_schedule(expression, PLAIN_MONDAY)

    assert [tuple(day.intervals) for day in schedule] == [day.intervals for day in grid.days]


@pytest.mark.parametrize(("holidays_closed", "state"), [(True, "closed"), (False, "open")])
def test_public_holidays_are_closed_or_follow_their_weekday(holidays_closed, state):
    grid = week(*[WEEKDAYS_TWO] * 5, CLOSED, CLOSED, holidays_closed=holidays_closed)

    assert hours.state_at(grid_to_expression(grid), CHRISTMAS_FRIDAY) == state
    assert hours.state_at(grid_to_expression(grid), dt.datetime(2026, 12, 18, 10, 0)) == "open"  # a plain Friday


def test_every_combination_of_open_days_round_trips():
    for pattern in itertools.product((False, True), repeat=7):
        if not any(pattern):
            continue
        grid = week(*[DayHours((MORNING,)) if open_ else CLOSED for open_ in pattern])
        expression = grid_to_expression(grid)
        assert expression_to_grid(expression).grid == grid, expression
        schedule = hours.week_schedule(expression, PLAIN_MONDAY)
        assert [not day.closed for day in schedule] == list(pattern), expression


def test_a_grid_closed_every_day_has_no_expression():
    assert grid_to_expression(week(*[CLOSED] * 7, holidays_closed=True)) == ""


def test_no_expression_reads_as_an_empty_grid_with_holidays_not_yet_said():
    reading = expression_to_grid("   ")

    assert reading.grid == WeekGrid()
    assert reading.grid.all_closed and reading.grid.holidays_closed is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # A later rule overrides an earlier one for its days, as opening_hours says.
        (
            "Mo-Fr 09:00-18:00; We 09:00-12:00",
            week(
                *[DayHours(((T(9), T(18)),))] * 2,
                DayHours((MORNING,)),
                *[DayHours(((T(9), T(18)),))] * 2,
                CLOSED,
                CLOSED,
            ),
        ),
        ("Mo-Sa 09:00-12:00; Sa off", week(*[DayHours((MORNING,))] * 5, CLOSED, CLOSED)),
        ("09:00-12:00", week(*[DayHours((MORNING,))] * 7)),
        ("Sa-Mo 09:00-12:00", week(DayHours((MORNING,)), *[CLOSED] * 4, DayHours((MORNING,)), DayHours((MORNING,)))),
        ("Mo 14:00-18:00,09:00-12:00", week(WEEKDAYS_TWO, *[CLOSED] * 6)),  # intervals in any order
        ("Mo-Fr 09:00-12:00; PH closed", week(*[DayHours((MORNING,))] * 5, CLOSED, CLOSED, holidays_closed=True)),
    ],
)
def test_simple_expressions_written_by_hand_read_as_a_grid(expression, expected):
    assert expression_to_grid(expression).grid == expected


@pytest.mark.parametrize(
    "expression",
    [
        "24/7",
        "Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00",  # three intervals
        "Mo-Fr 09:00-12:00, Sa 10:00-12:00",  # an additional rule
        "Jan-Jun Mo-Fr 09:00-12:00",  # months
        'Mo-Fr 09:00-12:00 "sur rendez-vous"',  # a comment
        "Fr 20:00-02:00",  # past midnight
        "Mo-Fr 09:00-12:00; Sa unknown",
        "PH off; Mo-Fr 09:00-12:00",  # the weekday rule would reopen the holidays
        "Mo-Fr 09:00-12:00; PH 10:00-11:00",
        "Mo-Fr 09:00-12:00 || unknown",
        "Mo 09:00-12:00,11:00-13:00",  # overlapping
        "week 1-10 Mo 09:00-12:00",
    ],
)
def test_richer_expressions_are_not_forced_into_a_grid(expression):
    assert hours.is_valid(expression)

    reading = expression_to_grid(expression)

    assert reading.grid is None
    assert "grille" in reading.reason


@pytest.mark.parametrize("expression", ["lundi 9h-12h", "Mo-Fr 25:00-26:00", "<script>"])
def test_unreadable_expressions_say_so(expression):
    reading = expression_to_grid(expression)

    assert reading.grid is None
    assert reading.reason == "Ces horaires ne sont pas lisibles tels quels."


# --- Checking one day's inputs ----------------------------------------------------------------------------------


def test_one_or_two_ordered_intervals_are_right():
    assert check_day(T(9), T(12), None, None) == []
    assert check_day(T(9), T(12), T(14), T(18)) == []
    assert check_day(T(0), T(23, 59), None, None) == []


def test_an_end_before_its_start_is_refused_on_the_end():
    assert check_day(T(12), T(9), None, None) == [
        SlotError("end1", "L'heure de fin doit être après l'heure de début (12:00).")
    ]
    assert check_day(T(9), T(12), T(18), T(14)) == [
        SlotError("end2", "L'heure de fin doit être après l'heure de début (18:00).")
    ]


def test_an_interval_of_no_length_is_refused():
    assert [error.slot for error in check_day(T(9), T(9), None, None)] == ["end1"]


@pytest.mark.parametrize("second", [(T(11), T(13)), (T(12), T(14)), (T(8), T(10)), (T(7), T(8))])
def test_a_second_interval_overlapping_or_before_the_first_is_refused_on_its_start(second):
    assert check_day(T(9), T(12), *second) == [
        SlotError("start2", "Le second créneau doit commencer après la fin du premier (12:00).")
    ]


def test_half_an_interval_is_refused_on_the_missing_input():
    assert check_day(T(9), None, None, None) == [SlotError("end1", "Indiquez aussi l'heure de fin de ce créneau.")]
    assert check_day(None, T(12), None, None) == [SlotError("start1", "Indiquez aussi l'heure de début de ce créneau.")]
    assert check_day(T(9), T(12), T(14), None) == [SlotError("end2", "Indiquez aussi l'heure de fin de ce créneau.")]


def test_an_open_day_needs_an_interval():
    assert check_day(None, None, None, None) == [
        SlotError("start1", "Indiquez l'heure d'ouverture, ou cochez « Fermé ».")
    ]


def test_the_second_interval_alone_asks_for_the_first():
    assert check_day(None, None, T(14), T(18)) == [SlotError("start1", "Remplissez d'abord le premier créneau.")]


def test_a_week_grid_has_seven_days():
    with pytest.raises(ValueError, match="seven days"):
        WeekGrid(days=(CLOSED,) * 6)
    assert len(DAY_CODES) == 7
