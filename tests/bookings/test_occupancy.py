"""The occupancy of a place's seats in a month (bookings.occupancy): pure, no database."""

import datetime as dt

import pytest

from solozere.bookings import occupancy
from solozere.bookings.availability import PARIS, ClosureSpan
from solozere.bookings.occupancy import HeldSeat, Occupancy, SeatResource, month_occupancy
from solozere.bookings.workflow import BookingStatus
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from tests.bookings.factories import WEEKDAYS

DECEMBER = dt.date(2026, 12, 1)
# December 2026: 23 weekdays, Christmas (Friday 25) a public holiday: 22 open days, 44 half-days a seat.
DECEMBER_HALF_DAYS = 44
NOW = dt.datetime(2026, 12, 16, 10, 0, tzinfo=PARIS)  # Wednesday 16, mid-morning


def seat(day: dt.date, code: str = "am", *, status=BookingStatus.CONFIRMED, person=1, resource=1) -> HeldSeat:
    hour = 12 if code == "am" else 18
    return HeldSeat(
        resource=resource,
        day=day,
        code=code,
        status=status,
        person=person,
        ends_at=dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS),
    )


ONE_DESK = (SeatResource(key=1, capacity=1),)


def compute(resources=ONE_DESK, held=(), *, expression=WEEKDAYS, closures=(), now=NOW):
    return month_occupancy(
        month=DECEMBER, expression=expression, closures=closures, resources=resources, held=held, now=now
    )


# --- Available half-days ---------------------------------------------------------------------------------------------


def test_a_seat_is_available_every_open_half_day_of_the_month_outside_public_holidays():
    result = compute()
    assert result.available == DECEMBER_HALF_DAYS
    assert result.month == DECEMBER


def test_any_day_of_the_month_names_the_month():
    by_day = month_occupancy(
        month=dt.date(2026, 12, 31), expression=WEEKDAYS, closures=(), resources=[SeatResource(1, 1)], held=(), now=NOW
    )
    assert by_day.month == DECEMBER and by_day.available == DECEMBER_HALF_DAYS


def test_capacity_multiplies_and_resources_add_up():
    result = compute([SeatResource(key=1, capacity=3), SeatResource(key=2, capacity=1)])
    assert result.available == 4 * DECEMBER_HALF_DAYS


def test_a_closure_removes_its_days():
    closures = [ClosureSpan(start=dt.date(2026, 12, 21), end=dt.date(2026, 12, 31), reason="Congés")]
    # 21-24 and 28-31: eight open weekdays closed (25 was a holiday anyway).
    assert compute(closures=closures).available == DECEMBER_HALF_DAYS - 16


def test_a_place_open_only_in_the_morning_counts_one_half_day_a_day():
    assert compute(expression="Mo-Fr 09:00-12:00").available == DECEMBER_HALF_DAYS // 2


def test_holiday_hours_of_the_place_keep_christmas_open():
    assert compute(expression=WEEKDAYS + "; PH 09:00-12:00").available == DECEMBER_HALF_DAYS + 1


def test_a_place_without_hours_has_nothing_to_book():
    result = compute(expression="")
    assert result.available == 0 and not result.has_seats


def test_no_seat_resource_means_no_share_and_no_division_by_zero():
    result = compute(resources=[], held=[seat(dt.date(2026, 12, 1))])
    assert (result.available, result.booked, result.used) == (0, 0, 0)
    assert result.booked_percent is None and result.used_percent is None and result.used_of_booked_percent is None
    assert not result.has_seats
    assert occupancy.NO_SEATS == "pas de poste réservable ce mois-ci"


# --- Resources created or switched off during the month --------------------------------------------------------------


def test_a_resource_created_mid_month_counts_from_its_creation_day():
    # From Wednesday 16: 16-18, 21-24, 28-31 = 11 open days.
    result = compute([SeatResource(key=1, capacity=2, first_day=dt.date(2026, 12, 16))])
    assert result.available == 2 * 11 * 2


def test_a_resource_switched_off_mid_month_counts_up_to_that_day():
    # Up to Tuesday 15: 1-4, 7-11, 14-15 = 11 open days.
    assert compute([SeatResource(key=1, capacity=1, last_day=dt.date(2026, 12, 15))]).available == 22


def test_a_resource_created_and_switched_off_within_the_month_counts_the_days_between():
    resource = SeatResource(key=1, capacity=1, first_day=dt.date(2026, 12, 7), last_day=dt.date(2026, 12, 11))
    assert compute([resource]).available == 10


def test_a_resource_created_after_the_month_or_stopped_before_it_counts_nothing():
    later = SeatResource(key=1, capacity=1, first_day=dt.date(2027, 1, 4))
    stopped = SeatResource(key=2, capacity=1, last_day=dt.date(2026, 11, 30))
    result = compute([later, stopped], [seat(dt.date(2026, 12, 1)), seat(dt.date(2026, 12, 1), resource=2)])
    assert (result.available, result.booked) == (0, 0)


def test_seats_held_outside_the_days_a_resource_counts_are_not_counted():
    resource = SeatResource(key=1, capacity=1, last_day=dt.date(2026, 12, 15))
    result = compute([resource], [seat(dt.date(2026, 12, 15)), seat(dt.date(2026, 12, 16), person=2)])
    assert result.booked == 1 and result.people == 1


# --- Booked and used -------------------------------------------------------------------------------------------------


def test_only_confirmed_done_and_no_show_seats_count_as_booked():
    day = dt.date(2026, 12, 1)
    held = [
        seat(day, "am", status=BookingStatus.CONFIRMED, resource=1),
        seat(day, "pm", status=BookingStatus.DONE, resource=1),
        seat(dt.date(2026, 12, 2), "am", status=BookingStatus.NO_SHOW, resource=1),
        seat(dt.date(2026, 12, 2), "pm", status=BookingStatus.REQUESTED, resource=1),
        seat(dt.date(2026, 12, 3), "am", status=BookingStatus.REFUSED, resource=1),
        seat(dt.date(2026, 12, 3), "pm", status=BookingStatus.CANCELLED, resource=1),
    ]
    result = compute(held=held)
    assert result.booked == 3
    assert result.used == 2  # the no-show is booked, not used


def test_a_confirmed_half_day_is_used_once_it_has_ended_and_not_before():
    today = NOW.date()
    held = [
        seat(dt.date(2026, 12, 15), "pm"),  # yesterday
        seat(today, "am"),  # this morning, still going at 10:00
        seat(today, "pm", person=2),
        seat(dt.date(2026, 12, 17), "am", person=3),
    ]
    result = compute([SeatResource(1, 3)], held)
    assert (result.booked, result.used) == (4, 1)
    later = compute([SeatResource(1, 3)], held, now=dt.datetime(2026, 12, 16, 12, 0, tzinfo=PARIS))
    assert later.used == 2  # the morning ended at noon


def test_a_done_booking_counts_as_used_even_for_a_slot_not_yet_ended():
    assert compute(held=[seat(dt.date(2026, 12, 30), status=BookingStatus.DONE)]).used == 1


def test_a_seat_held_on_a_closed_day_is_not_counted():
    closures = [ClosureSpan(start=dt.date(2026, 12, 2), end=dt.date(2026, 12, 2), reason="Travaux")]
    held = [seat(dt.date(2026, 12, 2)), seat(dt.date(2026, 12, 25)), seat(dt.date(2026, 12, 5))]  # closure, Noël, Sat
    result = compute(held=held, closures=closures)
    assert result.booked == 0


def test_no_slot_counts_more_seats_than_the_capacity_and_used_seats_are_kept_first():
    day = dt.date(2026, 12, 1)
    held = [
        seat(day, status=BookingStatus.NO_SHOW, person=1),
        seat(day, status=BookingStatus.DONE, person=2),
        seat(day, status=BookingStatus.CONFIRMED, person=3),
    ]
    result = compute([SeatResource(1, 2)], held)
    assert (result.booked, result.used) == (2, 2)
    assert result.booked_percent is not None and result.booked_percent <= 100


def test_a_seat_of_another_resource_does_not_count_for_this_one():
    result = compute([SeatResource(1, 1)], [seat(dt.date(2026, 12, 1), resource=9)])
    assert result.booked == 0


def test_shares_are_percentages_of_the_available_half_days_with_one_decimal():
    held = [seat(dt.date(2026, 12, d)) for d in (1, 2, 3)] + [seat(dt.date(2026, 12, 17), person=2)]
    result = compute(held=held)
    assert result.booked_percent == round(100 * 4 / 44, 1) == 9.1
    assert result.used_percent == round(100 * 3 / 44, 1) == 6.8
    assert result.used_of_booked_percent == 75.0


def test_a_full_month_is_a_hundred_percent():
    plans = [dt.date(2026, 12, d) for d in range(1, 32)]
    held = [
        seat(day, code, status=BookingStatus.DONE)
        for day in plans
        if day.weekday() < 5 and day.day != 25
        for code in ("am", "pm")
    ]
    result = compute(held=held)
    assert (result.booked_percent, result.used_percent) == (100.0, 100.0)


# --- People and small counts -----------------------------------------------------------------------------------------


def test_people_are_counted_once_and_deleted_accounts_not_at_all():
    held = [seat(dt.date(2026, 12, 1), "am", person=7), seat(dt.date(2026, 12, 1), "pm", person=7)]
    held += [seat(dt.date(2026, 12, 2), person=None)]
    result = compute([SeatResource(1, 2)], held)
    assert result.booked == 3 and result.people == 1


@pytest.mark.parametrize(
    ("people", "small"), [(0, False), (1, True), (SMALL_GROUP_THRESHOLD - 1, True), (SMALL_GROUP_THRESHOLD, False)]
)
def test_fewer_than_five_people_make_a_small_count(people, small):
    held = [seat(dt.date(2026, 12, 1), person=n) for n in range(people)]
    assert compute([SeatResource(1, 10)], held).is_small is small


def test_the_people_are_not_in_the_repr():
    assert "person_keys" not in repr(compute(held=[seat(dt.date(2026, 12, 1), person=42)]))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (0, "0 %"),
        (0.1, "moins de 10 %"),
        (9.9, "moins de 10 %"),
        (10, "environ 10 %"),
        (14.9, "environ 10 %"),
        (15, "environ 20 %"),
        (64.7, "environ 60 %"),
        (100, "environ 100 %"),
    ],
)
def test_a_rough_share_is_told_to_the_nearest_ten(value, text):
    assert occupancy.rough_percent(value) == text


def test_rough_shares_of_a_month():
    result = compute(held=[seat(dt.date(2026, 12, d), person=1) for d in (1, 2, 3, 4, 7, 8, 9, 10, 11)])
    assert result.booked_percent == 20.5
    assert result.rough_booked == "environ 20 %"
    assert result.rough_used == "environ 20 %"


# --- Totals ----------------------------------------------------------------------------------------------------------


def test_the_total_adds_places_and_counts_a_person_once():
    a = Occupancy(month=DECEMBER, available=44, booked=10, used=8, person_keys=frozenset({1, 2}))
    b = Occupancy(month=DECEMBER, available=88, booked=4, used=4, person_keys=frozenset({2, 3}))
    result = occupancy.total([a, b], DECEMBER)
    assert (result.available, result.booked, result.used, result.people) == (132, 14, 12, 3)
    assert occupancy.total([], dt.date(2026, 12, 9)) == Occupancy(month=DECEMBER)


def test_the_total_is_withheld_when_it_would_give_back_one_hidden_place():
    big = Occupancy(month=DECEMBER, available=44, booked=10, person_keys=frozenset(range(5)))
    small = Occupancy(month=DECEMBER, available=44, booked=3, person_keys=frozenset({9}))
    empty = Occupancy(month=DECEMBER, available=44)
    assert occupancy.total_is_publishable([big, empty])
    assert not occupancy.total_is_publishable([big, small])
    assert occupancy.total_is_publishable([big, small, small])
    assert occupancy.total_is_publishable([])


# --- Months ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "month"), [("2026-12", DECEMBER), (" 2027-01 ", dt.date(2027, 1, 1))])
def test_a_month_is_read_from_year_dash_month(text, month):
    assert occupancy.parse_month(text) == month


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026",
        "2026-13",
        "2026-00",
        "12-2026",
        "2026-1",
        "2026/12",
        "abcd-ef",
        "1999-12",
        "2026-12-01",
        "\uff12\uff10\uff12\uff16-12",
    ],
)
def test_a_bad_month_is_refused_in_french(text):
    with pytest.raises(occupancy.MonthError) as error:
        occupancy.parse_month(text)
    assert "mois" in error.value.message


def test_months_follow_each_other_across_years_and_february():
    assert occupancy.next_month(DECEMBER) == dt.date(2027, 1, 1)
    assert occupancy.previous_month(dt.date(2027, 1, 15)) == DECEMBER
    assert occupancy.last_day(dt.date(2028, 2, 10)) == dt.date(2028, 2, 29)
    assert occupancy.last_day(dt.date(2027, 2, 1)) == dt.date(2027, 2, 28)
    assert occupancy.next_month(dt.date(2026, 1, 31)) == dt.date(2026, 2, 1)


def test_the_month_of_the_change_to_winter_time_counts_its_last_sunday_like_any_other():
    # October 2026: the clocks go back on Sunday 25; a place open every day counts every half-day of it.
    result = month_occupancy(
        month=dt.date(2026, 10, 1),
        expression="Mo-Su 09:00-18:00",
        closures=(),
        resources=[SeatResource(1, 1)],
        held=[seat(dt.date(2026, 10, 25), "pm")],
        now=NOW,
    )
    assert result.available == 31 * 2 and (result.booked, result.used) == (1, 1)
