"""What bookings hold of a person, for the personal-data registry of accounts (registered in BookingsConfig.ready):
their bookings, and the places' lists they are on. A deleted account's bookings stay for the places' invoicing
history, without the person (the foreign keys are set to null), and its note is erased."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.bookings.models import Booking, BookingSlot

RELATIONS = frozenset(
    {
        ("bookings.booking", "person"),
        ("bookings.bookingslot", "person"),
        ("bookings.resource", "allowed_users"),
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
            }
            for booking in Booking.objects.filter(person=user).select_related("resource__place").order_by("pk")
        ],
        "places_lists": [str(resource) for resource in user.bookable_resources.select_related("place")],
    }


def bookings_anonymise(*, user: Any, today: Any = None) -> None:
    """Before the account goes: the notes it wrote are erased; the rows stay, their person set to null."""
    Booking.objects.filter(person=user).update(note="")
    BookingSlot.objects.filter(person=user).update(person=None)
