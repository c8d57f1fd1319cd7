"""What the waiting-list pages read."""

import datetime as dt
from typing import Any

from solozere.bookings.models import WaitlistEntry
from solozere.bookings.models_waitlist import IN_LINE


def waitlist_of(user: Any) -> list[WaitlistEntry]:
    """The person's entries still in line, soonest first."""
    return list(
        WaitlistEntry.objects.filter(person=user, status__in=IN_LINE)
        .select_related("resource__place")
        .order_by("starts_at", "pk")
    )


def waitlist_entry_of(user: Any, pk: int) -> WaitlistEntry:
    """One of the person's entries, whatever its state; WaitlistEntry.DoesNotExist for anyone else's."""
    return WaitlistEntry.objects.select_related("resource__place", "booking").get(pk=pk, person=user)


def place_waitlist(place: Any, start: dt.date, end: dt.date) -> list[WaitlistEntry]:
    """Who is in line at a place for a request that begins from `start` to `end`, for its managers."""
    return list(
        WaitlistEntry.objects.filter(
            resource__place=place, status__in=IN_LINE, start_date__gte=start, start_date__lte=end
        )
        .select_related("resource", "person")
        .order_by("starts_at", "created_at", "pk")
    )
