import datetime as dt
from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command

from solozere.bookings.models import Booking
from solozere.bookings.services import booking_request
from solozere.bookings.workflow import BookingStatus
from tests.bookings.conftest import NOW, TOMORROW, new_member

pytestmark = pytest.mark.django_db

TODAY = NOW.date()


def run(name, *args):  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_reminders_list_in_a_dry_run_then_go_once_with_their_ics(desks, on_commit):
    person = new_member()
    tomorrow = booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    later = booking_request(actor=person, resource=desks, start_date=TOMORROW + dt.timedelta(days=1), now=NOW)
    mail.outbox.clear()
    with on_commit(execute=True):
        output = run("send_booking_reminders", f"--today={TODAY}")
    assert f"[essai] n° {tomorrow.pk}" in output
    assert f"n° {later.pk}" not in output
    assert "essai" in output.splitlines()[-1]
    assert mail.outbox == []
    assert Booking.objects.get(pk=tomorrow.pk).reminded_at is None
    with on_commit(execute=True):
        output = run("send_booking_reminders", "--wet-run", f"--today={TODAY}")
    assert "1 rappel(s) de réservation envoyé(s)." in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email] and "Rappel" in message.subject
    (part,) = message.attachments
    (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["UID"]).startswith(f"booking-{tomorrow.pk}@")
    assert Booking.objects.get(pk=tomorrow.pk).reminded_at is not None
    with on_commit(execute=True):
        output = run("send_booking_reminders", "--wet-run", f"--today={TODAY}")
    assert "0 rappel(s)" in output
    assert len(mail.outbox) == 1


def test_a_cancelled_booking_gets_no_reminder(desks, manager, on_commit):
    from solozere.bookings.services import booking_cancel

    booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    booking_cancel(actor=manager, booking=booking, reason="Panne de chauffage", now=NOW)
    mail.outbox.clear()
    with on_commit(execute=True):
        run("send_booking_reminders", "--wet-run", f"--today={TODAY}")
    assert mail.outbox == []


def test_past_bookings_are_completed_only_in_a_wet_run(desks):
    booking = booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    day_after = str(TOMORROW + dt.timedelta(days=1))
    output = run("complete_past_bookings", f"--today={TODAY}")
    assert "0 réservation(s) à terminer." in output
    output = run("complete_past_bookings", f"--today={day_after}")
    assert f"[essai] n° {booking.pk}" in output
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    output = run("complete_past_bookings", "--wet-run", f"--today={day_after}")
    assert "1 réservation(s) terminée(s)." in output
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.DONE
