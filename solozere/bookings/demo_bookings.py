"""Demo bookings: bookable resources of the demo télécentres (a desk pool with instant confirmation, a private office
needing approval, a meeting room by the hour; fictional prices in words), one closure, and a few bookings of the demo
members (one past, upcoming ones, one awaiting approval). Idempotent; removed with the demo places by `delete_demo`."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from solozere.accounts.models import User
from solozere.bookings.models import Booking, Closure, Resource, ResourceKind
from solozere.bookings.services import BookingError, booking_complete, booking_request, closure_create, resource_save
from solozere.bookings.workflow import BookingStatus
from solozere.community.models import Membership
from solozere.places.models import Place, PlaceKind

DEMO_CLOSURE_REASON = "Fermeture fictive de démonstration (entretien des locaux)"
LOOK_AHEAD_DAYS = 21


@dataclass(frozen=True)
class DemoResource:
    kind: str
    name: str
    capacity: int
    requires_approval: bool
    longest_stay_days: int
    cancellation_deadline_hours: int
    price: str
    description: str


DEMO_RESOURCES = (
    DemoResource(
        ResourceKind.DESK_POOL,
        "Espace partagé (démo)",
        6,
        False,
        20,
        2,
        "12 € la journée, 7 € la demi-journée (tarif fictif de démonstration)",
        "Six postes identiques, écran et siège réglable. Ressource fictive de démonstration.",
    ),
    DemoResource(
        ResourceKind.OFFICE,
        "Bureau privatif n° 1 (démo)",
        1,
        True,
        31,
        24,
        "25 € la journée, 250 € le mois (tarif fictif de démonstration)",
        "Un bureau fermé pour une personne, validé par les gestionnaires. Ressource fictive de démonstration.",
    ),
    DemoResource(
        ResourceKind.MEETING_ROOM,
        "Salle de réunion (démo)",
        1,
        False,
        1,
        2,
        "15 € l'heure (tarif fictif de démonstration)",
        "Huit places et un écran de visioconférence, à l'heure. Ressource fictive de démonstration.",
    ),
)


@dataclass(frozen=True)
class DemoBookingsReport:
    resources: int
    closures: int
    bookings: int


def demo_telecentres() -> list[Place]:
    return list(Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE).order_by("slug"))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))


def _try_days(days: list[dt.date], book) -> Booking | None:  # type: ignore[no-untyped-def]
    """The first of `days` on which `book(day)` succeeds (closed days and full slots are skipped)."""
    for day in days:
        try:
            return book(day)  # type: ignore[no-any-return]
        except BookingError:
            continue
    return None


@transaction.atomic
def demo_bookings_load(*, today: dt.date) -> DemoBookingsReport:
    staff = User.objects.filter(is_demo=True, is_staff=True).order_by("email").first()
    if staff is None:
        raise ValueError("Aucun compte d'équipe de démonstration : lancez d'abord « manage.py load_demo_accounts ».")
    places = demo_telecentres()
    new_resources = new_closures = new_bookings = 0
    resources: dict[tuple[int, str], Resource] = {}
    for place in places:
        for spec in DEMO_RESOURCES:
            resource = Resource.objects.filter(place=place, name=spec.name).first()
            if resource is None:
                resource = resource_save(
                    actor=staff,
                    resource=Resource(
                        place=place,
                        kind=spec.kind,
                        name=spec.name,
                        description=spec.description,
                        capacity=spec.capacity,
                        requires_approval=spec.requires_approval,
                        longest_stay_days=spec.longest_stay_days,
                        cancellation_deadline_hours=spec.cancellation_deadline_hours,
                        price=spec.price,
                    ),
                )
                new_resources += 1
            resources[(place.pk, spec.kind)] = resource
    if places and not Closure.objects.filter(place=places[0], reason=DEMO_CLOSURE_REASON).exists():
        day = today + dt.timedelta(days=LOOK_AHEAD_DAYS)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        closure_create(actor=staff, place=places[0], start_date=day, end_date=day, reason=DEMO_CLOSURE_REASON)
        new_closures += 1

    members = list(
        User.objects.filter(is_demo=True, pk__in=Membership.objects.active(today).values("user_id")).order_by("email")
    )
    past = [today - dt.timedelta(days=n) for n in range(1, 15)]
    ahead = [today + dt.timedelta(days=n) for n in range(2, LOOK_AHEAD_DAYS)]
    for index, member in enumerate(members[: 3 * len(places)]):
        place = places[index % len(places)]
        desk = resources[(place.pk, ResourceKind.DESK_POOL)]
        office = resources[(place.pk, ResourceKind.OFFICE)]
        mine = Booking.objects.filter(person=member, resource__place=place)
        role = index // len(places)  # 0: a past day and an upcoming one; 1: an upcoming half-day; 2: awaiting approval
        if mine.exists():
            continue
        if role == 0:
            done = _try_days(
                past,
                lambda day, m=member, r=desk: booking_request(
                    actor=m, resource=r, start_date=day, now=_start_of(day) - dt.timedelta(days=1)
                ),
            )
            if done is not None:
                booking_complete(booking=done)
                new_bookings += 1
            new_bookings += (
                _try_days(ahead, lambda day, m=member, r=desk: booking_request(actor=m, resource=r, start_date=day))
                is not None
            )
        elif role == 1:
            new_bookings += (
                _try_days(
                    ahead, lambda day, m=member, r=desk: booking_request(actor=m, resource=r, start_date=day, half="am")
                )
                is not None
            )
        else:
            booking = _try_days(
                ahead,
                lambda day, m=member, r=office: booking_request(
                    actor=m, resource=r, start_date=day, note="Demande fictive de démonstration."
                ),
            )
            new_bookings += booking is not None and booking.status == BookingStatus.REQUESTED
    return DemoBookingsReport(resources=new_resources, closures=new_closures, bookings=new_bookings)
