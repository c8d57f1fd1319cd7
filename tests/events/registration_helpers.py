"""Shared steps of the registration tests (not fixtures: each test says what it builds)."""

import datetime as dt

import icalendar
from django.core import mail

from tests.accounts.factories import UserFactory
from tests.events.factories import EventSiteFactory


def site(capacity: int = 1, **kwargs):  # type: ignore[no-untyped-def]
    """A site of a published event in ten days, with `capacity` seats."""
    return EventSiteFactory(capacity=capacity, **kwargs)


def people(count: int) -> list:  # type: ignore[type-arg]
    return [UserFactory(first_name=f"Prénom{n}", last_name="Causse") for n in range(count)]


def calendars(message) -> list[icalendar.Calendar]:  # type: ignore[no-untyped-def]
    """The .ics attached to an e-mail, parsed."""
    found = []
    for part in message.attachments:
        name = part.get_filename() if hasattr(part, "get_filename") else part[0]
        if name and name.endswith(".ics"):
            body = part.get_payload(decode=True).decode() if hasattr(part, "get_payload") else part[1]
            found.append(icalendar.Calendar.from_ical(body))
    return found


def sent_to(address: str, *, subject: str = "") -> list:  # type: ignore[type-arg]
    return [m for m in mail.outbox if address in m.to and subject in m.subject]


def later(moment: dt.datetime, **delta: float) -> dt.datetime:
    return moment + dt.timedelta(**delta)
