import datetime as dt

import pytest

from solozere.bookings.services import booking_cancel, booking_confirm, booking_request
from solozere.bookings.services_presence import COUNTED_ELSEWHERE, avoided_commute_for, check_in_record
from tests.bookings.conftest import NOW, TOMORROW
from tests.bookings.factories import ResourceFactory
from tests.bookings.factories_presence import MARVEJOLS, member_at
from tests.places.factories import MENDE

pytestmark = pytest.mark.django_db

FRIDAY = TOMORROW + dt.timedelta(days=1)
MONDAY = TOMORROW + dt.timedelta(days=4)


def test_a_confirmed_booking_records_one_commute_per_day_shared_with_check_ins(territory):
    resource = ResourceFactory()
    user = member_at(MENDE, employer=MARVEJOLS)
    daily = avoided_commute_for(user=user, place=resource.place)
    assert daily is not None and daily.km > 0
    thursday, _created = check_in_record(user=user, place=resource.place, visible_to_members=False, today=TOMORROW)
    assert thursday.avoided_km == daily.km
    # Thursday and Friday: Thursday's commute is already counted by the check-in.
    booking = booking_request(actor=user, resource=resource, start_date=TOMORROW, end_date=FRIDAY, now=NOW)
    booking.refresh_from_db()
    assert booking.commute_days == 1
    assert (booking.avoided_km, booking.avoided_co2_kg, booking.commute_method) == (
        daily.km,
        daily.co2_kg,
        daily.method,
    )
    # Friday's check-in finds Friday counted by the booking.
    friday, _created = check_in_record(user=user, place=resource.place, visible_to_members=False, today=FRIDAY)
    assert friday.avoided_km is None and friday.commute_method == COUNTED_ELSEWHERE
    # A second booking on Friday afternoon elsewhere counts nothing more.
    room = ResourceFactory(room=True, place=resource.place)
    meeting = booking_request(actor=user, resource=room, start_date=FRIDAY, start_hour=14, end_hour=15, now=NOW)
    meeting.refresh_from_db()
    assert meeting.commute_days == 0 and meeting.avoided_km is None and meeting.commute_method == COUNTED_ELSEWHERE
    # Cancelled: no seat, no commute saved.
    monday = booking_request(actor=user, resource=resource, start_date=MONDAY, half="am", now=NOW)
    monday.refresh_from_db()
    assert monday.avoided_km == daily.km
    booking_cancel(actor=user, booking=monday, now=NOW)
    monday.refresh_from_db()
    assert monday.commute_days == 0 and monday.avoided_km is None


def test_a_booking_awaiting_approval_counts_once_confirmed(territory, manager):
    resource = ResourceFactory(approval=True)
    resource.place.managers.add(manager)
    user = member_at(MENDE, employer=MARVEJOLS)
    booking = booking_request(actor=user, resource=resource, start_date=TOMORROW, now=NOW)
    booking.refresh_from_db()
    assert booking.avoided_km is None
    booking_confirm(actor=manager, booking=booking)
    booking.refresh_from_db()
    assert booking.commute_days == 1 and booking.avoided_km and booking.avoided_km > 0


def test_without_an_employer_site_a_booking_counts_nothing(territory):
    resource = ResourceFactory()
    booking = booking_request(actor=member_at(MENDE, employer=None), resource=resource, start_date=TOMORROW, now=NOW)
    booking.refresh_from_db()
    assert booking.avoided_km is None and booking.commute_days == 0
