"""Booking in a demo télécentre, end to end in a browser: a member books a desk for tomorrow morning, gets the
e-mail, finds it in « Mes réservations » and cancels it; a manager approves a request; and the member's booking done
with the keyboard alone.

The views take "today" from the clock (timezone.localdate()). So that tomorrow is always open, whatever the day the
suite runs, the demo télécentre is opened every day of the week here (its demo hours close it at the weekend)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from solozere.bookings.models import Booking, Resource, ResourceKind
from solozere.bookings.workflow import BookingStatus
from solozere.core.demo import DEMO_PASSWORD
from solozere.places.models import Place, PlaceKind
from tests.browser.helpers import log_in, submit

pytestmark = pytest.mark.browser

MEMBER = "demo-membre-20@demo.solozere.invalid"  # beyond the members the demo books for
MANAGER = "demo-gestion-telecentre-1@demo.solozere.invalid"


@pytest.fixture
def telecentre(transactional_db, territory, charter_v1):  # type: ignore[no-untyped-def]
    for command in ("load_demo", "label_demo_places", "load_demo_accounts", "load_demo_bookings"):
        call_command(command, verbosity=0)
    place = Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE).order_by("slug").first()
    Place.objects.filter(pk=place.pk).update(opening_hours="Mo-Su 08:00-19:00")
    mail.outbox.clear()
    return place


def _desk(place: Place) -> Resource:
    return Resource.objects.get(place=place, kind=ResourceKind.DESK_POOL)


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def _check_ics(message) -> None:  # type: ignore[no-untyped-def]
    """The calendar file, when the e-mail has one (added by another change): a VEVENT starting tomorrow."""
    calendars = [
        part for part in message.attachments if str(getattr(part, "get_filename", lambda: "")() or "").endswith(".ics")
    ]
    calendars += [a for a in message.attachments if isinstance(a, tuple) and a[0].endswith(".ics")]
    for attachment in calendars:
        body = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload(decode=True).decode()
        assert "BEGIN:VEVENT" in body
        assert _tomorrow().strftime("%Y%m%d") in body


def test_a_member_books_a_desk_for_tomorrow_morning_and_cancels_it(page: Page, telecentre, live_server) -> None:  # type: ignore[no-untyped-def]
    desk = _desk(telecentre)
    log_in(page, MEMBER, DEMO_PASSWORD)
    page.goto(f"/lieux/{telecentre.slug}/reserver/")
    submit(page, page.get_by_role("link", name=f"Réserver « {desk.name} »"))
    page.get_by_label("Jour (ou premier jour de la période)").fill(_tomorrow().isoformat())
    page.get_by_label("Le matin").check()
    submit(page, page.get_by_role("button", name="Vérifier les créneaux"))
    submit(page, page.get_by_role("button", name="Confirmer la réservation"))
    expect(page.get_by_text("Réservation confirmée")).to_be_visible()

    booking = Booking.objects.get(person__email=MEMBER)
    assert booking.status == BookingStatus.CONFIRMED
    assert timezone.localtime(booking.starts_at).date() == _tomorrow()
    assert timezone.localtime(booking.starts_at).hour < 13
    sent = [m for m in mail.outbox if m.to == [MEMBER] and "Réservation confirmée" in m.subject]
    assert len(sent) == 1
    _check_ics(sent[0])

    page.goto("/reservations/")
    upcoming = page.locator("table").first
    link = upcoming.get_by_role("link").first
    expect(link).to_be_visible()
    submit(page, link)
    submit(page, page.get_by_role("button", name="Annuler cette réservation"))
    expect(page.get_by_text("Réservation annulée")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not booking.slots.exists(), "the seat is still held"


def test_the_manager_approves_a_booking_that_needs_approval(page: Page, telecentre, live_server) -> None:  # type: ignore[no-untyped-def]
    requested = Booking.objects.get(
        resource__place=telecentre, resource__kind=ResourceKind.OFFICE, status=BookingStatus.REQUESTED
    )
    log_in(page, MANAGER, DEMO_PASSWORD)
    page.goto(f"/lieux/{telecentre.slug}/reservations/{requested.pk}/")
    submit(page, page.get_by_role("button", name="Valider la réservation"))
    requested.refresh_from_db()
    assert requested.status == BookingStatus.CONFIRMED
    assert any(m.to == [requested.person.email] and "confirmée" in m.subject for m in mail.outbox)


def _tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reaches {target}")


def test_a_member_books_with_the_keyboard_only(page: Page, telecentre, live_server) -> None:  # type: ignore[no-untyped-def]
    desk = _desk(telecentre)
    log_in(page, MEMBER, DEMO_PASSWORD)
    page.goto(f"/lieux/{telecentre.slug}/reserver/")
    _tab_to(page, page.get_by_role("link", name=f"Réserver « {desk.name} »"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    day = page.get_by_label("Jour (ou premier jour de la période)")
    tomorrow = _tomorrow()
    # The date field's segments follow the browser's own language (day first in French, month first in English):
    # a person types them in the order the field shows.
    for order in ("%d%m%Y", "%m%d%Y"):
        _tab_to(page, day)
        page.keyboard.type(tomorrow.strftime(order))
        if day.input_value() == tomorrow.isoformat():
            break
        page.reload()
    expect(day).to_have_value(tomorrow.isoformat())
    _tab_to(page, page.get_by_label("La journée"))  # the group's checked radio takes the focus
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Le matin")).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Vérifier les créneaux"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, page.get_by_role("button", name="Confirmer la réservation"))
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.get_by_text("Réservation confirmée")).to_be_visible()
    booking = Booking.objects.get(person__email=MEMBER)
    assert booking.status == BookingStatus.CONFIRMED and booking.mode == "half_day"
    assert timezone.localtime(booking.starts_at).date() == tomorrow
