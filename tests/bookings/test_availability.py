"""The pure slot computation: no database."""

import datetime as dt

import pytest

from solozere.bookings import availability as a
from solozere.bookings.availability import PARIS, ClosureSpan, RequestError, Rules

WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:00"
UTC = dt.UTC
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)  # a Wednesday
HOURLY = Rules(granularity=a.BY_HOUR)


def _real(slot: a.Slot) -> dt.timedelta:
    return slot.ends_at.astimezone(UTC) - slot.starts_at.astimezone(UTC)


def test_a_weekday_has_a_morning_and_an_afternoon_at_the_opening_hours():
    plan = a.day_plan(expression=WEEKDAYS, day=dt.date(2026, 12, 3))
    assert [(s.code, s.starts_at.time(), s.ends_at.time()) for s in plan.slots] == [
        ("am", dt.time(9), dt.time(12)),
        ("pm", dt.time(14), dt.time(18)),
    ]
    assert [s.label for s in plan.slots] == ["matin (9 h\u201312 h)", "après-midi (14 h\u201318 h)"]


def test_a_weekend_day_is_closed_with_its_reason():
    plan = a.day_plan(expression=WEEKDAYS, day=dt.date(2026, 12, 5))
    assert not plan.is_open
    assert plan.closed_reason == "lieu fermé ce jour-là"


def test_morning_only_hours_give_no_afternoon():
    plan = a.day_plan(expression="Mo-Fr 08:30-12:30", day=dt.date(2026, 12, 3))
    assert [s.code for s in plan.slots] == ["am"]
    assert plan.slots[0].label == "matin (8 h 30\u201312 h 30)"


def test_an_interval_across_noon_splits_at_thirteen():
    plan = a.day_plan(expression="Mo-Su 10:00-16:00", day=dt.date(2026, 12, 3))
    assert [(s.starts_at.time(), s.ends_at.time()) for s in plan.slots] == [
        (dt.time(10), dt.time(13)),
        (dt.time(13), dt.time(16)),
    ]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 12, 25), "Noël"),
        (dt.date(2027, 1, 1), "Jour de l'an"),
        (dt.date(2027, 5, 8), "Fête de la Victoire"),
        (dt.date(2026, 11, 11), "Armistice"),
    ],
)
def test_a_public_holiday_closes_the_place_and_says_which(day, name):
    plan = a.day_plan(expression="Mo-Su 09:00-18:00", day=day)
    assert not plan.is_open
    assert plan.closed_reason == f"jour férié ({name})"


def test_hours_of_their_own_on_public_holidays_are_followed():
    plan = a.day_plan(expression="Mo-Su 09:00-18:00; PH 10:00-12:00", day=dt.date(2026, 12, 25))
    assert [(s.code, s.starts_at.time(), s.ends_at.time()) for s in plan.slots] == [("am", dt.time(10), dt.time(12))]


def test_a_closure_closes_every_day_it_covers_and_no_other():
    closure = ClosureSpan(start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 8), reason="travaux")
    plans = a.days(expression=WEEKDAYS, start=dt.date(2026, 12, 6), end=dt.date(2026, 12, 9), closures=[closure])
    assert [(p.day.day, p.is_open, p.closed_reason) for p in plans] == [
        (6, False, "lieu fermé ce jour-là"),
        (7, False, "fermeture : travaux"),
        (8, False, "fermeture : travaux"),
        (9, True, ""),
    ]


@pytest.mark.parametrize("expression", ["", "n'importe quoi", "Mo-Fr 25:00-26:00"])
def test_unknown_or_invalid_hours_open_nothing(expression):
    assert not a.day_plan(expression=expression, day=dt.date(2026, 12, 3)).is_open


def test_rooms_are_booked_by_whole_hours_inside_the_hours():
    plan = a.day_plan(expression="Mo-Fr 09:00-12:30,14:00-17:00", day=dt.date(2026, 12, 3), granularity=a.BY_HOUR)
    assert [s.code for s in plan.slots] == ["09", "10", "11", "14", "15", "16"]


# --- Summer time -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2026, 3, 29), dt.date(2027, 3, 28)])
def test_the_hour_skipped_in_march_is_no_slot_and_the_others_last_an_hour(day):
    plan = a.day_plan(expression="24/7", day=day, granularity=a.BY_HOUR)
    codes = [s.code for s in plan.slots]
    assert "02" not in codes
    assert len(codes) == 23
    assert all(_real(s) == dt.timedelta(hours=1) for s in plan.slots)
    three = next(s for s in plan.slots if s.code == "03")
    assert three.starts_at.utcoffset() == dt.timedelta(hours=2)
    one = next(s for s in plan.slots if s.code == "01")
    assert one.starts_at.utcoffset() == dt.timedelta(hours=1)


def test_the_hour_repeated_in_october_is_one_slot_of_two_real_hours():
    plan = a.day_plan(expression="24/7", day=dt.date(2026, 10, 25), granularity=a.BY_HOUR)
    two = next(s for s in plan.slots if s.code == "02")
    assert len(plan.slots) == 24
    assert _real(two) == dt.timedelta(hours=2)
    assert two.starts_at.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "offset"),
    [(dt.date(2026, 3, 29), 2), (dt.date(2026, 10, 25), 1), (dt.date(2027, 3, 28), 2)],
)
def test_office_hours_on_a_change_day_keep_their_wall_clock_times(day, offset):
    plan = a.day_plan(expression="Mo-Su 09:00-12:00,14:00-18:00", day=day)
    morning, afternoon = plan.slots
    assert morning.starts_at.astimezone(UTC).hour == 9 - offset
    assert afternoon.ends_at.astimezone(UTC).hour == 18 - offset
    assert morning.label == "matin (9 h\u201312 h)"


def test_a_morning_from_midnight_on_the_march_change_is_ten_real_hours():
    plan = a.day_plan(expression="24/7", day=dt.date(2026, 3, 29))
    assert _real(plan.slots[0]) == dt.timedelta(hours=12)
    plan = a.day_plan(expression="24/7", day=dt.date(2026, 10, 25))
    assert _real(plan.slots[0]) == dt.timedelta(hours=14)


def test_exists_is_false_only_for_the_skipped_hour():
    assert not a.exists(dt.date(2026, 3, 29), dt.time(2, 30))
    assert a.exists(dt.date(2026, 3, 29), dt.time(3, 0))
    assert a.exists(dt.date(2026, 10, 25), dt.time(2, 30))


# --- Requests ----------------------------------------------------------------------------------------------------


def _ask(**kwargs):
    defaults = {"expression": WEEKDAYS, "closures": [], "rules": Rules(longest_stay_days=60), "now": NOW}
    return a.requested_slots(**{**defaults, **kwargs})


def test_a_half_day_asks_for_one_slot():
    assert [s.key for s in _ask(start_date=dt.date(2026, 12, 3), half="pm")] == [(dt.date(2026, 12, 3), "pm")]


def test_a_day_asks_for_both_halves():
    assert [s.code for s in _ask(start_date=dt.date(2026, 12, 3))] == ["am", "pm"]


def test_a_period_skips_weekends_holidays_and_closures():
    closure = ClosureSpan(start=dt.date(2026, 12, 28), end=dt.date(2026, 12, 31), reason="fêtes")
    slots = _ask(start_date=dt.date(2026, 12, 21), end_date=dt.date(2027, 1, 8), closures=[closure])
    days = sorted({s.day for s in slots})
    assert days == [
        dt.date(2026, 12, 21),
        dt.date(2026, 12, 22),
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 24),
        # 25: Noël; 26-27: weekend; 28-31: closure; 1 January: holiday; 2-3: weekend
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 5),
        dt.date(2027, 1, 6),
        dt.date(2027, 1, 7),
        dt.date(2027, 1, 8),
    ]
    assert len(slots) == 18


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_date": dt.date(2026, 12, 5)}, "samedi 5 décembre 2026 : lieu fermé"),
        ({"start_date": dt.date(2026, 12, 25)}, "jour férié (Noël)"),
        ({"start_date": dt.date(2026, 12, 1)}, "déjà commencé ou passé"),
        ({"start_date": dt.date(2026, 12, 2), "half": "am"}, "déjà commencé ou passé"),
        ({"start_date": dt.date(2026, 12, 3), "end_date": dt.date(2026, 12, 2)}, "avant la date de début"),
        ({"start_date": dt.date(2026, 12, 3), "half": "soir"}, "matin, l'après-midi ou la journée"),
        (
            {"start_date": dt.date(2026, 12, 3), "end_date": dt.date(2026, 12, 4), "half": "am"},
            "seul jour",
        ),
        (
            {"start_date": dt.date(2026, 12, 5), "end_date": dt.date(2026, 12, 6)},
            "aucun jour de cette période",
        ),
        (
            {"start_date": dt.date(2026, 12, 3), "end_date": dt.date(2027, 3, 3)},
            "60 jour(s) au plus d'affilée : vous en demandez 91",
        ),
        (
            {"start_date": dt.date(2026, 12, 3), "rules": Rules(min_notice=dt.timedelta(hours=48))},
            "au moins 2 jours à l'avance",
        ),
        (
            {"start_date": dt.date(2026, 12, 3), "rules": Rules(min_notice=dt.timedelta(hours=30))},
            "au moins 30 heures à l'avance",
        ),
    ],
)
def test_requests_the_rules_refuse_say_why(kwargs, message):
    with pytest.raises(RequestError) as error:
        _ask(**kwargs)
    assert message in error.value.message


def test_the_afternoon_of_today_can_still_be_booked():
    assert [s.code for s in _ask(start_date=dt.date(2026, 12, 2), half="pm")] == ["pm"]


def test_a_day_already_begun_is_refused_whole():
    with pytest.raises(RequestError):
        _ask(start_date=dt.date(2026, 12, 2))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (None, 11, "heure de début"),
        (11, 10, "heure de début"),
        (8, 10, "pas ouvert de 8 h à 10 h"),
        (11, 15, "pas ouvert de 11 h à 15 h"),
        (0, 25, "heure de début"),
    ],
)
def test_room_requests_outside_the_hours_are_refused(start, end, message):
    with pytest.raises(RequestError) as error:
        _ask(start_date=dt.date(2026, 12, 3), start_hour=start, end_hour=end, rules=HOURLY)
    assert message in error.value.message


def test_a_room_request_gives_its_hours():
    slots = _ask(start_date=dt.date(2026, 12, 3), start_hour=14, end_hour=16, rules=HOURLY)
    assert [s.code for s in slots] == ["14", "15"]


def test_a_room_on_the_march_change_night_skips_the_missing_hour():
    slots = _ask(expression="24/7", start_date=dt.date(2027, 3, 28), start_hour=1, end_hour=4, rules=HOURLY, now=NOW)
    assert [s.code for s in slots] == ["01", "03"]
    assert slots[-1].ends_at.astimezone(UTC) - slots[0].starts_at.astimezone(UTC) == dt.timedelta(hours=2)


def test_a_room_is_one_day_only():
    with pytest.raises(RequestError):
        _ask(start_date=dt.date(2026, 12, 3), end_date=dt.date(2026, 12, 4), start_hour=9, end_hour=10, rules=HOURLY)


# --- Units and cancellation ----------------------------------------------------------------------------------------


def test_free_units_are_those_not_taken():
    assert a.free_units(capacity=4, taken=[0, 2]) == [1, 3]
    assert a.free_units(capacity=1, taken=[0]) == []


def test_a_period_keeps_one_unit_when_it_can():
    d1, d2 = dt.date(2026, 12, 3), dt.date(2026, 12, 4)
    keys = [(d1, "am"), (d2, "am")]
    assert a.assign_units(capacity=3, slots=keys, taken={(d1, "am"): [0], (d2, "am"): [1]}) == dict.fromkeys(keys, 2)


def test_a_period_changes_unit_when_no_single_one_is_free_throughout():
    d1, d2 = dt.date(2026, 12, 3), dt.date(2026, 12, 4)
    keys = [(d1, "am"), (d2, "am")]
    assert a.assign_units(capacity=2, slots=keys, taken={(d1, "am"): [0], (d2, "am"): [1]}) == {
        (d1, "am"): 1,
        (d2, "am"): 0,
    }


def test_a_full_slot_is_named():
    d1 = dt.date(2026, 12, 3)
    with pytest.raises(RequestError) as error:
        a.assign_units(capacity=1, slots=[(d1, "am"), (d1, "pm")], taken={(d1, "am"): [0], (d1, "pm"): [0]})
    assert error.value.message == (
        "Complet le jeudi 3 décembre 2026 matin (et 1 autre(s) créneau(x)) : il ne reste aucune place libre."
    )


def test_cancellation_is_allowed_until_the_deadline():
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=PARIS)
    deadline = dt.timedelta(hours=24)
    assert a.may_cancel(starts_at=start, deadline=deadline, now=start - dt.timedelta(hours=24))
    assert not a.may_cancel(starts_at=start, deadline=deadline, now=start - dt.timedelta(hours=23))


def test_dates_read_in_french():
    assert a.date_label(dt.date(2027, 1, 1)) == "vendredi 1er janvier 2027"
