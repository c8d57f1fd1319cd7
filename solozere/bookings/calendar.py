"""Bookings as calendar events, on the shared mechanism (solozere.core.calendar): the .ics of the e-mails and the
events of the private feeds. One UID per booking (`booking-<pk>@…`) whatever happens to it; the SEQUENCE is the
number of steps in its log, so that each confirmation, change or cancellation supersedes the one before."""

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from solozere.accounts.feeds import register_feed
from solozere.accounts.models import User
from solozere.bookings.models import Booking, BookingEvent
from solozere.bookings.workflow import BookingStatus
from solozere.core.calendar import CalendarEvent, Method, Status, event_uid, ics_attachment
from solozere.core.mail import Attachment
from solozere.places.models import Place
from solozere.places.selectors import user_manages

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


# Private feeds (solozere.accounts.feeds) -------------------------------------------------------------------------

FEED_PAST = dt.timedelta(days=90)  # a feed keeps the bookings of the last three months
FEED_AHEAD = dt.timedelta(days=400)
FEED_STATES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.DONE)


def _feed_rows(**filters: Any) -> QuerySet[Booking]:
    now = timezone.now()
    return (
        Booking.objects.filter(
            status__in=FEED_STATES, ends_at__gte=now - FEED_PAST, starts_at__lte=now + FEED_AHEAD, **filters
        )
        .select_related("resource", "resource__place", "person")
        .annotate(step_count=Count("events"))
        .order_by("starts_at", "pk")
    )


def _feed_events(rows: QuerySet[Booking], *, with_person: bool) -> list[CalendarEvent]:
    events = []
    for booking in rows:
        event = booking_calendar_event(
            booking,
            sequence=max(booking.step_count - 1, 0),  # type: ignore[attr-defined]  # annotated
            absolute_url=_absolute(booking, manager=with_person),
        )
        if with_person:
            who = (booking.person.get_full_name() or booking.person.email) if booking.person else _("compte supprimé")
            event = dataclasses.replace(event, summary=f"{event.summary} : {who}")
        events.append(event)
    return events


def _absolute(booking: Booking, *, manager: bool) -> str:
    path = (
        reverse("bookings:manage_booking", args=[booking.resource.place.slug, booking.pk])
        if manager
        else reverse("bookings:mine_detail", args=[booking.pk])
    )
    return settings.SITE_URL.rstrip("/") + path


def person_feed_events(user: User, _argument: str) -> list[CalendarEvent]:
    return _feed_events(_feed_rows(person=user), with_person=False)


def person_feed_name(user: User, _argument: str) -> str:
    return _("Mes réservations — SoLozère")


def person_feed_allowed(user: User, argument: str) -> bool:
    return not argument


def _place(argument: str) -> Place | None:
    if not argument.isdigit():
        return None
    return Place.objects.filter(pk=int(argument)).first()


def place_feed_allowed(user: User, argument: str) -> bool:
    place = _place(argument)
    return place is not None and user_manages(user, place)


def place_feed_events(user: User, argument: str) -> list[CalendarEvent]:
    return _feed_events(_feed_rows(resource__place_id=int(argument)), with_person=True)


def place_feed_name(user: User, argument: str) -> str:
    place = _place(argument)
    return _("Réservations — %(place)s") % {"place": place.name if place else ""}


def register_feeds() -> None:
    register_feed(
        "bookings",
        label=_lazy("Mes réservations"),
        name=person_feed_name,
        events=person_feed_events,
        allowed=person_feed_allowed,
        filename="mes-reservations",
    )
    register_feed(
        "place-bookings",
        label=_lazy("Réservations d'un lieu que je gère"),
        name=place_feed_name,
        events=place_feed_events,
        allowed=place_feed_allowed,
        filename="reservations-du-lieu",
    )
