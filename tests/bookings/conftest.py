import datetime as dt

import pytest

from solozere.bookings.availability import PARIS
from tests.bookings.factories import ResourceFactory
from tests.community.factories import MembershipFactory

# Wednesday 2 December 2026, 10:00 in Paris: "now" of the tests; Thursday 3 is "tomorrow".
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=PARIS)
TOMORROW = dt.date(2026, 12, 3)


def new_member(**kwargs):  # type: ignore[no-untyped-def]
    return MembershipFactory(approved=True, **kwargs).user


@pytest.fixture
def desks(territory, manager):  # type: ignore[no-untyped-def]
    """Three desks at a place `manager` runs."""
    resource = ResourceFactory()
    resource.place.managers.add(manager)
    return resource
