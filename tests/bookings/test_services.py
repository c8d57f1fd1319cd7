import datetime as dt

import pytest
from django.core import mail

from solozere.bookings.models import BookingEvent, BookingSlot, WhoMayBook
from solozere.bookings.services import (
    BookingError,
    booking_cancel,
    booking_confirm,
    booking_mark_no_show,
    booking_refuse,
    booking_request,
    bookings_complete_past,
    closure_create,
)
from solozere.bookings.workflow import BookingStatus
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import NOW, TOMORROW, new_member
from tests.bookings.factories import ClosureFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_a_member_books_a_desk_at_once_and_is_told(desks, on_commit):
    person = new_member()
    with on_commit(execute=True):
        booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    assert booking.status == BookingStatus.CONFIRMED
    assert list(booking.slots.values_list("day", "code", "unit")) == [(TOMORROW, "am", 0)]
    assert [(e.from_state, e.to_state) for e in BookingEvent.objects.filter(booking=booking)] == [("", "confirmed")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert "confirmée" in mail.outbox[0].subject
    assert "jeudi 3 décembre 2026, matin (9 h\u201312 h)" in mail.outbox[0].body


def test_a_booking_needing_approval_waits_and_the_managers_are_told(desks, manager, on_commit):
    desks.requires_approval = True
    desks.save()
    with on_commit(execute=True):
        booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    assert booking.status == BookingStatus.REQUESTED
    assert mail.outbox[-1].to == [manager.email]
    with on_commit(execute=True):
        booking_confirm(actor=manager, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert "confirmée" in mail.outbox[-1].subject


def test_a_refusal_needs_a_reason_frees_the_seats_and_tells_the_person(desks, manager, on_commit):
    desks.requires_approval = True
    desks.save()
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, now=NOW)
    with pytest.raises(BookingError, match="motif"):
        booking_refuse(actor=manager, booking=booking, reason="  ")
    with on_commit(execute=True):
        booking_refuse(actor=manager, booking=booking, reason="Salle réservée pour une formation")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REFUSED
    assert not BookingSlot.objects.filter(booking=booking).exists()
    assert mail.outbox[-1].to == [person.email]
    assert "Salle réservée pour une formation" in mail.outbox[-1].body


def test_the_last_desk_goes_to_one_person_only(desks):
    for _n in range(3):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    with pytest.raises(BookingError, match="Complet le jeudi 3 décembre 2026 matin"):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    assert BookingSlot.objects.filter(resource=desks).count() == 3
    # The afternoon is still free.
    booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="pm", now=NOW)


def test_a_person_cannot_hold_two_desks_in_the_same_slot(desks):
    person = new_member()
    booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    other = ResourceFactory(place=desks.place)
    with pytest.raises(BookingError, match="déjà une place réservée le jeudi 3 décembre 2026 matin"):
        booking_request(actor=person, resource=other, start_date=TOMORROW, now=NOW)


def test_a_period_holds_every_open_day(desks):
    booking = booking_request(
        actor=new_member(), resource=desks, start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 18), now=NOW
    )
    assert booking.slot_count == 20
    assert booking.mode == "period"
    assert set(booking.slots.values_list("unit", flat=True)) == {0}


def test_a_period_overlapping_a_full_day_is_refused_whole(desks):
    for _n in range(3):
        booking_request(actor=new_member(), resource=desks, start_date=dt.date(2026, 12, 10), half="pm", now=NOW)
    with pytest.raises(BookingError, match="Complet le jeudi 10 décembre 2026 après-midi"):
        booking_request(
            actor=new_member(), resource=desks, start_date=dt.date(2026, 12, 7), end_date=dt.date(2026, 12, 18), now=NOW
        )
    assert BookingSlot.objects.filter(resource=desks).count() == 3


def test_a_closure_refuses_bookings_in_it(desks):
    ClosureFactory(place=desks.place, start_date=TOMORROW, end_date=TOMORROW, reason="Inventaire")
    with pytest.raises(BookingError, match="fermeture : Inventaire"):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)


def test_a_closure_over_held_bookings_is_refused(desks, manager):
    booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    with pytest.raises(BookingError, match="1 réservation"):
        closure_create(actor=manager, place=desks.place, start_date=TOMORROW, end_date=TOMORROW, reason="Travaux")


def test_only_managers_set_closures(desks):
    with pytest.raises(BookingError, match="gestionnaires"):
        closure_create(actor=new_member(), place=desks.place, start_date=TOMORROW, end_date=TOMORROW, reason="x")


def test_someone_without_an_active_membership_cannot_book(desks):
    with pytest.raises(BookingError, match="membres actifs du réseau"):
        booking_request(actor=UserFactory(), resource=desks, start_date=TOMORROW, now=NOW)


def test_a_list_resource_takes_only_the_people_on_it(desks):
    desks.who_may_book = WhoMayBook.LIST
    desks.save()
    outsider, listed = new_member(), UserFactory()
    desks.allowed_users.add(listed)
    with pytest.raises(BookingError, match="inscrites par le lieu"):
        booking_request(actor=outsider, resource=desks, start_date=TOMORROW, now=NOW)
    assert booking_request(actor=listed, resource=desks, start_date=TOMORROW, now=NOW).status == "confirmed"


def test_a_member_cancels_before_the_deadline_and_the_seat_is_freed(desks, manager, on_commit):
    desks.cancellation_deadline_hours = 12
    desks.save()
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    with on_commit(execute=True):
        result = booking_cancel(actor=person, booking=booking, now=NOW)
    assert result.freed == [(TOMORROW, "am", 0)]
    assert result.booking.status == BookingStatus.CANCELLED
    assert [manager.email] in [message.to for message in mail.outbox]
    assert not BookingSlot.objects.exists()


def test_a_member_cannot_cancel_past_the_deadline_but_the_place_can(desks, manager):
    desks.cancellation_deadline_hours = 48
    desks.save()
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    with pytest.raises(BookingError, match="délai d'annulation est passé"):
        booking_cancel(actor=person, booking=booking, now=NOW)
    with pytest.raises(BookingError, match="motif"):
        booking_cancel(actor=manager, booking=booking, now=NOW)
    booking_cancel(actor=manager, booking=booking, reason="Panne de chauffage", now=NOW)
    booking.refresh_from_db()
    assert booking.decision_reason == "Panne de chauffage"


def test_someone_else_cannot_cancel_a_booking(desks):
    booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    with pytest.raises(BookingError):
        booking_cancel(actor=new_member(), booking=booking, reason="je veux sa place", now=NOW)


def test_a_no_show_is_marked_once_begun_and_bookings_end_done(desks, manager):
    booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    with pytest.raises(BookingError, match="une fois la réservation commencée"):
        booking_mark_no_show(actor=manager, booking=booking, now=NOW)
    other = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="pm", now=NOW)
    later = dt.datetime(2026, 12, 3, 10, 0, tzinfo=NOW.tzinfo)
    booking_mark_no_show(actor=manager, booking=booking, now=later)
    assert bookings_complete_past(now=dt.datetime(2026, 12, 4, tzinfo=NOW.tzinfo)) == 1
    other.refresh_from_db()
    booking.refresh_from_db()
    assert (booking.status, other.status) == (BookingStatus.NO_SHOW, BookingStatus.DONE)


def test_a_manager_cannot_decide_for_another_place(desks, other_manager):
    desks.requires_approval = True
    desks.save()
    booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    with pytest.raises(BookingError):
        booking_confirm(actor=other_manager, booking=booking)


def test_a_room_is_booked_by_the_hour(territory):
    room = ResourceFactory(room=True)
    booking = booking_request(
        actor=new_member(), resource=room, start_date=TOMORROW, start_hour=9, end_hour=11, now=NOW
    )
    assert list(booking.slots.values_list("code", "is_seat")) == [("09", False), ("10", False)]
    with pytest.raises(BookingError, match="Complet le jeudi 3 décembre 2026 à 10 h"):
        booking_request(actor=new_member(), resource=room, start_date=TOMORROW, start_hour=10, end_hour=12, now=NOW)
