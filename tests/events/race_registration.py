"""Data for the registration races, created inside the server's own database by a separate process.

Run as: python -c "import django; django.setup(); from tests.events.race_registration import seed; seed()"
Prints JSON on stdout. Not a test module."""

import datetime as dt
import json

from django.utils import timezone

from solozere.events.models import Event, EventKind, EventSite, Registration, SiteKind
from solozere.events.services_registration import registration_register
from solozere.events.workflow import EventStatus
from tests.accounts.factories import UserFactory
from tests.aids.race import _session_for

PEOPLE = 20


def seed() -> None:
    """A published meeting in ten days at one address, three seats of which two are taken: one is left."""
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    event = Event.objects.create(
        slug="course-aux-places",
        title="Rencontre de la course",
        kind=EventKind.MEETING,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        status=EventStatus.PUBLISHED,
    )
    site = EventSite.objects.create(event=event, kind=SiteKind.ADDRESS, address="Salle des fêtes", capacity=3)
    for n in range(2):
        registration_register(actor=UserFactory(email=f"deja{n}@example.org"), site=site)
    racers = [UserFactory(email=f"course{n}@example.org") for n in range(PEOPLE)]
    print(
        json.dumps(
            {
                "event": event.slug,
                "site": site.pk,
                "sessions": [_session_for(user) for user in racers],
                "emails": [user.email for user in racers],
            }
        )
    )


def report(site: int) -> None:
    """The registrations of `site`: the seats held, and the line in its order, for the test to check."""
    rows = Registration.objects.filter(site_id=site).order_by("confirmed_at", "pk")
    print(
        json.dumps(
            [
                {
                    "email": row.email,
                    "status": row.status,
                    "seat": row.seat,
                    "token": row.token,
                    "offer_expires_at": row.offer_expires_at.isoformat() if row.offer_expires_at else None,
                }
                for row in rows
            ]
        )
    )
