"""What bookings hold of a person, for the personal-data registry of accounts (registered in BookingsConfig.ready):
their bookings, and the places' lists they are on. A deleted account's bookings stay for the places' invoicing
history, without the person (the foreign keys are set to null), and its note is erased."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.bookings.models import Booking, BookingSlot, WaitlistEntry

RELATIONS = frozenset(
    {
        ("bookings.booking", "person"),
        ("bookings.bookingslot", "person"),
        ("bookings.resource", "allowed_users"),
        ("bookings.waitlistentry", "person"),
    }
)


def bookings_personal_data(user: Any) -> dict[str, Any]:
    return {
        "bookings": [
            {
                "place": booking.resource.place.name,
                "resource": booking.resource.name,
                "status": booking.get_status_display(),
                "starts_at": iso(booking.starts_at),
                "ends_at": iso(booking.ends_at),
                "note": booking.note,
                "reason": booking.decision_reason,
                "requested_at": iso(booking.created_at),
                "reminded_at": iso(booking.reminded_at),
                "avoided_km": str(booking.avoided_km) if booking.avoided_km is not None else None,
                "avoided_co2_kg": str(booking.avoided_co2_kg) if booking.avoided_co2_kg is not None else None,
                "commute_method": booking.commute_method,
            }
            for booking in Booking.objects.filter(person=user).select_related("resource__place").order_by("pk")
        ],
        # The waiting lists go with the account (nothing to keep for the places).
        "waiting_lists": [
            {
                "place": entry.resource.place.name,
                "resource": entry.resource.name,
                "status": entry.get_status_display(),
                "request": entry.request_key,
                "note": entry.note,
                "offer_expires_at": iso(entry.offer_expires_at),
                "joined_at": iso(entry.created_at),
            }
            for entry in WaitlistEntry.objects.filter(person=user).select_related("resource__place").order_by("pk")
        ],
        "places_lists": [str(resource) for resource in user.bookable_resources.select_related("place")],
    }


def bookings_anonymise(*, user: Any, today: Any = None) -> None:
    """Before the account goes: the notes it wrote are erased; the rows stay, their person set to null."""
    Booking.objects.filter(person=user).update(note="")
    BookingSlot.objects.filter(person=user).update(person=None)
