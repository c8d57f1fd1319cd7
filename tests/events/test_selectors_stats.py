"""The events held, year by year, for the public statistics: what counts as held, who counts as a participant, and a
cost that does not grow with the events."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from solozere.events.selectors_stats import HeldYear, held_events_by_year
from solozere.events.workflow import EventStatus, RegistrationStatus
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventSiteFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 6, 15, 12, tzinfo=PARIS)


def event(start: dt.datetime, registered: int = 0, status: str = EventStatus.HELD, **fields):  # type: ignore[no-untyped-def]
    made = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), status=status, **fields)
    site = EventSiteFactory(event=made, capacity=50)
    for seat in range(registered):
        RegistrationFactory(site=site, seat=seat + 1)
    return made, site


def test_events_held_and_their_participants_year_by_year(territory):
    _2025, site = event(dt.datetime(2025, 12, 31, 23, 30, tzinfo=PARIS), registered=3)  # 22:30 UTC: 2025 in Lozère
    RegistrationFactory(site=site, seat=10, attended=False)  # marked absent
    RegistrationFactory(site=site, seat=11, attended=True)
    RegistrationFactory(site=site, seat=None, status=RegistrationStatus.WAITING)
    RegistrationFactory(site=site, seat=None, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(site=site, seat=12, user=UserFactory(is_demo=True))
    event(dt.datetime(2026, 1, 1, 0, 30, tzinfo=PARIS), registered=2)
    event(dt.datetime(2011, 3, 10, 9, tzinfo=PARIS), attendance_note="Une centaine de participants")  # told in words
    # Not held: a published one that has not ended, a cancelled one, a draft, a demo one.
    event(dt.datetime(2026, 6, 15, 11, tzinfo=PARIS), registered=4, status=EventStatus.PUBLISHED)  # ends at 13 h
    event(dt.datetime(2026, 2, 1, 9, tzinfo=PARIS), registered=4, status=EventStatus.CANCELLED)
    event(dt.datetime(2026, 2, 2, 9, tzinfo=PARIS), status=EventStatus.DRAFT)
    event(dt.datetime(2026, 2, 3, 9, tzinfo=PARIS), registered=4, is_demo=True)
    assert held_events_by_year(now=NOW) == [
        HeldYear(year=2011, events=1, participants=0),
        HeldYear(year=2025, events=1, participants=4),
        HeldYear(year=2026, events=1, participants=2),
    ]


def test_the_years_cost_two_queries_whatever_the_events(territory, django_assert_num_queries):
    event(dt.datetime(2025, 5, 1, 9, tzinfo=PARIS), registered=2)
    with django_assert_num_queries(2):
        held_events_by_year(now=NOW)
    for day in range(1, 6):
        event(dt.datetime(2024, 5, day, 9, tzinfo=PARIS), registered=3)
    with django_assert_num_queries(2):
        assert len(held_events_by_year(now=NOW)) == 2
