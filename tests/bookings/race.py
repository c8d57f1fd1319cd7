"""Data for the booking races, created inside the server's own database by a separate process.

Run as: python -c "import django; django.setup(); from tests.bookings.race import seed; seed()"
Prints JSON on stdout. Not a test module."""

import datetime as dt
import json

from django.utils import timezone

from solozere.bookings import availability
from solozere.bookings.models import BookingSlot, Resource, ResourceKind
from solozere.bookings.services import booking_request
from solozere.places.models import Place, PlaceKind
from solozere.territory.models import Commune
from tests.aids.race import _session_for
from tests.community.factories import MembershipFactory

HOURS = "24/7"
MEMBERS = 20


def _open_day(after: int) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=after)
    while not availability.day_plan(expression=HOURS, day=day).is_open:
        day += dt.timedelta(days=1)
    return day


def seed() -> None:
    commune = Commune.objects.create(insee_code="48095", kind=Commune.Kind.CURRENT, name="Mende", postal_codes="48000")
    place = Place.objects.create(
        name="Télécentre de la course", slug="course", kind=PlaceKind.TELECENTRE, commune=commune, opening_hours=HOURS
    )
    last_desk = Resource.objects.create(place=place, kind=ResourceKind.DESK_POOL, name="Open space", capacity=3)
    period = Resource.objects.create(
        place=place, kind=ResourceKind.OFFICE, name="Bureau", capacity=1, longest_stay_days=40
    )
    swap = Resource.objects.create(place=place, kind=ResourceKind.OFFICE, name="Bureau du fond", capacity=1)
    members = [MembershipFactory(approved=True).user for _n in range(MEMBERS + 2)]
    day = _open_day(3)
    for holder in members[MEMBERS:]:  # two of three desks taken: one is left
        booking_request(actor=holder, resource=last_desk, start_date=day, half="am")
    holding = booking_request(actor=members[0], resource=swap, start_date=day, half="pm")
    print(
        json.dumps(
            {
                "sessions": [_session_for(user) for user in members[:MEMBERS]],
                "day": day.isoformat(),
                "period_start": _open_day(5).isoformat(),
                "period_end": (_open_day(5) + dt.timedelta(days=27)).isoformat(),
                "place": place.slug,
                "last_desk": last_desk.pk,
                "period": period.pk,
                "swap": swap.pk,
                "holding": holding.pk,
            }
        )
    )


def report(resource: int) -> None:
    """The seats held on `resource`, by booking: what the test checks after a race."""
    rows = BookingSlot.objects.filter(resource_id=resource).values_list("booking_id", "day", "code", "unit")
    print(json.dumps([[booking, day.isoformat(), code, unit] for booking, day, code, unit in rows]))


def seed_waitlist() -> None:
    """The swap office of `seed`, its afternoon held, and one member in line for it."""
    from solozere.bookings.services_waitlist import waitlist_join
    from solozere.community.models import Membership

    swap = Resource.objects.get(name="Bureau du fond")
    day = _open_day(3)
    # One of the seeded members who takes no part in the race (the racers are the 2nd to the 6th).
    waiter = Membership.objects.order_by("pk")[10].user
    entry = waitlist_join(actor=waiter, resource=swap, start_date=day, half="pm")
    print(json.dumps({"entry": entry.pk}))


def report_waitlist(entry: int) -> None:
    from solozere.bookings.models import WaitlistEntry

    print(json.dumps(WaitlistEntry.objects.get(pk=entry).status))
