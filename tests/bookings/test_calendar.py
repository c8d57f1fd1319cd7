import datetime as dt

import icalendar
import pytest
from django.core import mail

from solozere.bookings.services import booking_cancel, booking_confirm, booking_refuse, booking_request
from tests.bookings.conftest import NOW, TOMORROW, new_member
from tests.bookings.factories import ResourceFactory

pytestmark = pytest.mark.django_db

EVERY_DAY = "Mo-Su 09:00-12:00,14:00-18:00"


def ics_of(message):  # type: ignore[no-untyped-def]
    parts = [part for part in message.attachments if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, message.subject
    part = parts[0]
    assert part.get_filename().endswith(".ics")
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return part.get_param("method"), calendar, event


def test_confirmation_then_cancellation_carry_one_uid_and_a_growing_sequence(desks, manager, on_commit):
    person = new_member()
    with on_commit(execute=True):
        booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    method, calendar, event = ics_of(mail.outbox[-1])
    assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
    assert event["STATUS"] == "CONFIRMED"
    uid, first_sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert uid == f"booking-{booking.pk}@" + uid.split("@")[1]
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
    assert str(event["ATTENDEE"]) == f"mailto:{person.email}"
    with on_commit(execute=True):
        booking_cancel(actor=manager, booking=booking, reason="Fuite d'eau", now=NOW)
    assert mail.outbox[-1].to == [person.email]
    method, calendar, event = ics_of(mail.outbox[-1])
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert str(event["UID"]) == uid
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) > first_sequence


def test_an_approved_then_refused_booking_keeps_its_uid(desks, manager, on_commit):
    desks.requires_approval = True
    desks.save()
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, now=NOW)
    with on_commit(execute=True):
        booking_confirm(actor=manager, booking=booking)
    _method, _calendar, confirmed = ics_of(mail.outbox[-1])
    other = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    with on_commit(execute=True):
        booking_refuse(actor=manager, booking=other, reason="Complet")
    method, _calendar, refused = ics_of(mail.outbox[-1])
    assert method == "CANCEL"
    assert str(refused["UID"]) != str(confirmed["UID"])
    assert int(confirmed["SEQUENCE"]) == 1  # requested, then confirmed


@pytest.mark.parametrize(
    ("day", "now", "utc_start", "utc_end"),
    [
        # Summer time starts at 2:00 that morning: 14 h in Paris is 12 h UTC.
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC), 12, 16),
        # Summer time ends at 3:00 that morning: 14 h in Paris is 13 h UTC.
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC), 13, 17),
    ],
)
def test_an_afternoon_on_the_days_the_clocks_change(territory, on_commit, day, now, utc_start, utc_end):
    resource = ResourceFactory(place__opening_hours=EVERY_DAY)
    with on_commit(execute=True):
        booking_request(actor=new_member(), resource=resource, start_date=day, half="pm", now=now)
    _method, calendar, event = ics_of(mail.outbox[-1])
    assert event.decoded("DTSTART") == dt.datetime(day.year, day.month, day.day, utc_start, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(day.year, day.month, day.day, utc_end, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTSTART"].dt.hour == 14
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_a_person_who_cancels_gets_the_cancel_ics_too(desks, manager, on_commit):
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    mail.outbox.clear()
    with on_commit(execute=True):
        booking_cancel(actor=person, booking=booking, now=NOW)
    by_address = {tuple(message.to): message for message in mail.outbox}
    assert set(by_address) == {(manager.email,), (person.email,)}
    for message in mail.outbox:
        method, _calendar, event = ics_of(message)
        assert method == "CANCEL" and str(event["UID"]).startswith(f"booking-{booking.pk}@")
