"""Bookings as calendar events, on the shared mechanism (solozere.core.calendar): the .ics of the e-mails and the
events of the private feeds. One UID per booking (`booking-<pk>@…`) whatever happens to it; the SEQUENCE is the
number of steps in its log, so that each confirmation, change or cancellation supersedes the one before."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from solozere.bookings.models import Booking, BookingEvent
from solozere.bookings.workflow import BookingStatus
from solozere.core.calendar import CalendarEvent, Method, Status, event_uid, ics_attachment
from solozere.core.mail import Attachment

UID_KIND = "booking"

_STATUS: dict[str, Status] = {
    BookingStatus.REQUESTED: Status.TENTATIVE,
    BookingStatus.REFUSED: Status.CANCELLED,
    BookingStatus.CANCELLED: Status.CANCELLED,
}


def booking_sequence(booking: Booking) -> int:
    """0 for a booking confirmed at once, then one more at each step of its life."""
    return max(BookingEvent.objects.filter(booking=booking).count() - 1, 0)


def booking_calendar_event(booking: Booking, *, sequence: int | None = None, absolute_url: str = "") -> CalendarEvent:
    """`booking` (its resource and place loaded) as a calendar event; `sequence` when the caller counted the log."""
    resource = booking.resource
    place = resource.place
    address = " ".join(part for part in (place.address, place.postal_code) if part)
    return CalendarEvent(
        uid=event_uid(UID_KIND, booking.pk),
        start=booking.starts_at,
        end=booking.ends_at,
        summary=_("%(resource)s — %(place)s") % {"resource": resource.name, "place": place.name},
        description=booking.note,
        location=f"{place.name}, {address}" if address else place.name,
        url=absolute_url,
        status=_STATUS.get(booking.status, Status.CONFIRMED),
        sequence=booking_sequence(booking) if sequence is None else sequence,
        modified_at=booking.updated_at,
    )


def booking_ics(booking: Booking, *, absolute_url: str = "") -> Attachment:
    """The .ics of an e-mail about `booking`: REQUEST while it stands, CANCEL once refused or cancelled."""
    cancelled = booking.status in (BookingStatus.CANCELLED, BookingStatus.REFUSED)
    person = booking.person
    return ics_attachment(
        [booking_calendar_event(booking, absolute_url=absolute_url)],
        method=Method.CANCEL if cancelled else Method.REQUEST,
        attendee=person.email if person is not None else "",
        filename=f"reservation-{booking.pk}",
    )


def booking_events(bookings: Iterable[Booking], *, sequences: dict[int, int]) -> list[CalendarEvent]:
    """Many bookings at once, for a feed: `sequences` maps a booking's pk to its sequence (counted in one query)."""
    return [booking_calendar_event(booking, sequence=sequences.get(booking.pk, 0)) for booking in bookings]
