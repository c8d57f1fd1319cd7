"""A small network for the statistics' tests (the page's and the browser's): requests and answers, members,
places, presence, a desk, events and the aid, around today."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from solozere.accompaniment.stats import months_back
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.aids.workflow import Status as AidStatus
from solozere.bookings.models import CheckIn, Resource, ResourceKind
from solozere.events.workflow import EventStatus
from solozere.places.models import PlaceKind
from solozere.territory.models import Commune
from tests.accompaniment.stats_data import at, make_message, make_part, make_request
from tests.accounts.factories import UserFactory
from tests.aids.factories import AidApplicationFactory, AidSchemeFactory
from tests.bookings.factories import ResourceFactory
from tests.community.factories import MembershipFactory
from tests.events.factories import EventFactory, EventSiteFactory, RegistrationFactory, in_days
from tests.organisations.factories import OrganisationFactory
from tests.places.factories import PlaceFactory


def build_dataset() -> dict[str, Any]:
    """A small network: requests, answers, members, places, presence, a desk, events and aids (`territory` loaded)."""
    today = timezone.localdate()
    this_month, last_month, two_months_ago = months_back(today)[-1], months_back(today)[-2], months_back(today)[-3]
    saint_alban = Commune.objects.get(name="Saint-Alban-sur-Limagnole")
    mende = Commune.objects.get(name="Mende")
    # Accompaniment: 10 requests this month, 8 last month, 5 the month before; 2 about tourism (a small group).
    for index in range(10):
        topics = (Topic.WORKPLACE, Topic.PARTNER_EMPLOYMENT) if index < 8 else (Topic.WORKPLACE, Topic.TOURISM)
        make_request(at(this_month, 10), *topics, commune=saint_alban)
    last = [make_request(at(last_month, 10), Topic.MOVING, commune=mende) for _ in range(8)]
    for _ in range(5):
        make_request(at(two_months_ago, 10), Topic.COMPANY_TELEWORK)
    # Not counted: an address still to confirm, a request withdrawn before that, a demo account's.
    make_request(at(this_month, 10), Topic.FARMING, confirmed=False, status=RequestStatus.PENDING)
    make_request(at(this_month, 10), Topic.FARMING, confirmed=False, status=RequestStatus.WITHDRAWN)
    make_request(at(this_month, 10), Topic.FARMING, user=UserFactory(is_demo=True))
    alpha, beta = OrganisationFactory(name="Alpha Accueil"), OrganisationFactory(name="=Beta+1")
    for request in last[:5]:
        make_part(request, alpha, at(last_month, 10, 5), AssignmentStatus.IN_PROGRESS, is_lead=True)
        make_message(request, alpha, at(last_month, 11))  # the same day: 0 working days
    for request in last[5:7]:
        make_part(request, beta, at(last_month, 10, 5), AssignmentStatus.DONE, is_lead=True)
        make_message(request, beta, at(last_month, 16))
    # The census: seven members at Javols, one of them a job seeker (with the five below, who live outside Lozère).
    javols = Commune.objects.get(name="Javols")
    for _ in range(6):
        MembershipFactory(approved=True, commune=javols)
    MembershipFactory(approved=True, commune=javols, status="job_seeker")
    # Places: two télécentres and a Comptoir, a demo place apart.
    telecentre = PlaceFactory(
        name="Télécentre d'Aumont", kind=PlaceKind.TELECENTRE, opening_hours="Mo-Fr 09:00-12:00,14:00-18:00; PH off"
    )
    PlaceFactory(name="Télécentre du Malzieu", kind=PlaceKind.TELECENTRE)
    comptoir = PlaceFactory(name="Comptoir de Javols", kind=PlaceKind.COMPTOIR)
    PlaceFactory(name="Lieu fictif", kind=PlaceKind.TELECENTRE, is_demo=True)
    # Presence: five members at the télécentre (its own line), one at the Comptoir (added to the others).
    members = [MembershipFactory(approved=True).user for _ in range(5)]
    for user in members:
        CheckIn.objects.create(
            user=user, place=telecentre, day=today, avoided_km=Decimal("12.4"), avoided_co2_kg=Decimal("2.35")
        )
    CheckIn.objects.create(user=members[0], place=comptoir, day=today, avoided_km=Decimal("3"))
    # A desk at the télécentre since last year: last month's occupancy has a line for it.
    desk = ResourceFactory(place=telecentre, kind=ResourceKind.DESK_POOL)
    Resource.objects.filter(pk=desk.pk).update(created_at=at(today - dt.timedelta(days=400)))
    # Events: two held recently (six and two registered, one of them marked absent), one a year or more ago (two),
    # one to come and one cancelled (not held), one demo.
    recent = [EventFactory(past=True), EventFactory(past=True)]
    for event, count in zip(recent, (6, 2), strict=True):
        site = EventSiteFactory(event=event)
        for seat in range(count):
            RegistrationFactory(site=site, seat=seat + 1, attended=False if (event, seat) == (recent[0], 0) else None)
    old = EventFactory(past=True, starts_at=in_days(-400))
    site = EventSiteFactory(event=old)
    RegistrationFactory(site=site, seat=1)
    RegistrationFactory(site=site, seat=2)
    EventFactory()
    EventFactory(status=EventStatus.CANCELLED, starts_at=in_days(-5))
    EventFactory(past=True, is_demo=True)
    # The aid: two granted (3 000 € each, one paid 1 200 €), one under review.
    scheme = AidSchemeFactory(title="Aide au télétravail du Malzieu")
    AidApplicationFactory(scheme=scheme, status=AidStatus.ACCEPTED, granted_amount=Decimal(3000))
    AidApplicationFactory(
        scheme=scheme, status=AidStatus.PAID, granted_amount=Decimal(3000), paid_amount=Decimal("1200.40")
    )
    AidApplicationFactory(scheme=scheme, status=AidStatus.UNDER_REVIEW)
    return {"today": today, "old_year": in_days(-400).year, "recent_year": in_days(-10).year}
