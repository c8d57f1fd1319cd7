"""The reminder ladder (pure) and working days (core.dates), without the database."""

import datetime as dt

import pytest

from solozere.accompaniment.reminders import Rung, check_ladder, reminder_due
from solozere.core.dates import is_working_day, working_days_between

LADDER = (3, 5, 8)


@pytest.mark.parametrize(
    ("sent", "waited", "expected"),
    [
        (0, 0, None),
        (0, 2, None),
        (0, 3, (1, Rung.ORGANISATION)),
        (1, 3, None),
        (1, 4, None),
        (1, 5, (2, Rung.LEAD)),
        (2, 7, None),
        (2, 8, (3, Rung.STAFF)),
        (3, 30, None),
        # The command did not run for a while: only the highest rung due is sent.
        (0, 6, (2, Rung.LEAD)),
        (0, 9, (3, Rung.STAFF)),
        (1, 12, (3, Rung.STAFF)),
    ],
)
def test_the_ladder_sends_each_rung_once(sent, waited, expected):
    assert reminder_due(sent=sent, waited=waited, days=LADDER) == expected


@pytest.mark.parametrize("bad", [(3, 5), (3, 3, 8), (5, 3, 8), (0, 2, 4), (1, 2, 3, 4)])
def test_a_wrong_ladder_setting_is_refused(bad):
    with pytest.raises(ValueError, match="ACCOMPANIMENT_REMINDER_DAYS"):
        check_ladder(bad)


def test_working_days_skip_weekends_and_public_holidays():
    friday = dt.date(2026, 12, 18)
    assert working_days_between(friday, dt.date(2026, 12, 19)) == 0  # Saturday
    assert working_days_between(friday, dt.date(2026, 12, 20)) == 0  # Sunday
    assert working_days_between(friday, dt.date(2026, 12, 21)) == 1  # Monday
    # Christmas (Friday 25 December 2026) is not a working day.
    assert not is_working_day(dt.date(2026, 12, 25))
    assert working_days_between(dt.date(2026, 12, 23), dt.date(2026, 12, 28)) == 2  # 24 and 28
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, dt.date(2026, 12, 1)) == 0
