import datetime as dt

import pytest
from django.utils import timezone

from solozere.bookings.models import Booking
from solozere.bookings.selectors_presence import PUBLIC_PLACE_MIN_MEMBERS, member_totals, network_impact
from solozere.bookings.services import booking_cancel, booking_confirm, booking_mark_no_show, booking_request
from solozere.bookings.services_presence import (
    COUNTED_ELSEWHERE,
    avoided_commute_for,
    check_in_record,
    check_in_undo,
)
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


def test_without_an_employer_site_a_booking_counts_its_day_but_no_commute(territory):
    resource = ResourceFactory()
    booking = booking_request(actor=member_at(MENDE, employer=None), resource=resource, start_date=TOMORROW, now=NOW)
    booking.refresh_from_db()
    assert booking.avoided_km is None and booking.avoided_co2_kg is None
    assert booking.commute_days == 1  # a day of presence all the same


# --- A day carried by one record passes to another when the first stops counting ---------------------------------


def test_a_cancelled_booking_hands_its_day_to_the_check_in_of_that_day(territory):
    resource = ResourceFactory()
    user = member_at(MENDE, employer=MARVEJOLS)
    daily = avoided_commute_for(user=user, place=resource.place)
    booking = booking_request(actor=user, resource=resource, start_date=TOMORROW, half="am", now=NOW)
    check_in, _created = check_in_record(user=user, place=resource.place, visible_to_members=False, today=TOMORROW)
    assert check_in.commute_method == COUNTED_ELSEWHERE
    booking_cancel(actor=user, booking=booking, now=NOW)
    check_in.refresh_from_db()
    assert check_in.avoided_km == daily.km and check_in.commute_method == daily.method


def test_a_withdrawn_check_in_hands_its_day_to_the_booking_of_that_day(territory):
    resource = ResourceFactory()
    user = member_at(MENDE, employer=MARVEJOLS)
    check_in_record(user=user, place=resource.place, visible_to_members=False, today=TOMORROW)
    booking = booking_request(actor=user, resource=resource, start_date=TOMORROW, half="am", now=NOW)
    booking.refresh_from_db()
    assert booking.commute_method == COUNTED_ELSEWHERE and booking.commute_days == 0
    check_in_undo(user=user, place=resource.place, today=TOMORROW)
    booking.refresh_from_db()
    assert booking.commute_days == 1 and booking.avoided_km and booking.avoided_km > 0


def test_a_no_show_saved_no_commute(territory, manager):
    resource = ResourceFactory()
    resource.place.managers.add(manager)
    user = member_at(MENDE, employer=MARVEJOLS)
    booking = booking_request(actor=user, resource=resource, start_date=TOMORROW, half="am", now=NOW)
    booking_mark_no_show(actor=manager, booking=booking, now=NOW + dt.timedelta(days=1))
    booking.refresh_from_db()
    assert booking.commute_days == 0 and booking.avoided_km is None


# --- The totals count begun bookings -------------------------------------------------------------------------------


def test_totals_count_begun_bookings_with_check_ins_one_day_each(territory):
    resource = ResourceFactory()
    user = member_at(MENDE, employer=MARVEJOLS)
    daily = avoided_commute_for(user=user, place=resource.place)
    past_start = timezone.now() - dt.timedelta(days=7)
    begun = booking_request(actor=user, resource=resource, start_date=TOMORROW, half="am", now=NOW)
    Booking.objects.filter(pk=begun.pk).update(starts_at=past_start)  # as if it had begun
    booking_request(actor=user, resource=resource, start_date=MONDAY, half="am", now=NOW)  # to come: not yet
    check_in_record(user=user, place=resource.place, visible_to_members=False, today=FRIDAY)
    totals = member_totals(user)
    assert totals.days == 2
    assert totals.km == 2 * daily.km
    assert totals.co2_kg == 2 * daily.co2_kg
    impact = network_impact()
    assert impact.total.days == 2 and impact.total.km == 2 * daily.km
    # A booking done counts too, a cancelled one not.
    Booking.objects.filter(pk=begun.pk).update(status="done")
    assert member_totals(user).days == 2


def test_the_network_counts_bookers_among_a_places_members(territory):
    resource = ResourceFactory(capacity=PUBLIC_PLACE_MIN_MEMBERS)
    for _ in range(PUBLIC_PLACE_MIN_MEMBERS):
        user = member_at(MENDE, employer=MARVEJOLS)
        booking = booking_request(actor=user, resource=resource, start_date=MONDAY, half="am", now=NOW)
        Booking.objects.filter(pk=booking.pk).update(status="done")
    impact = network_impact()
    assert [row.slug for row in impact.places] == [resource.place.slug]
    assert impact.places[0].totals.days == PUBLIC_PLACE_MIN_MEMBERS
