"""Events as calendar events (solozere.core.calendar): the public feeds of the agenda, whole and per place. One
UID per event (`event-<pk>@…`) whatever happens to it; the SEQUENCE is the event's own, grown at each change of
time, of place, and at its cancellation. Registrations have their own UIDs and .ics (services_registration)."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from solozere.core.calendar import CalendarEvent, Status, event_uid
from solozere.events.models import Event
from solozere.events.selectors import public_events, with_sites
from solozere.events.workflow import EventStatus
from solozere.places.models import Place

UID_KIND = "event"
FEED_PAST = dt.timedelta(days=90)


def event_location(event: Event) -> str:
    """Where, in one line: the sites' names, each with its commune (the online link is never given here)."""
    parts = []
    for site in event.sites.all():
        commune = site.location_commune
        name = site.name
        parts.append(f"{name} ({commune.name})" if commune and commune.name not in name else name)
    return " ; ".join(parts)


def event_calendar_event(event: Event) -> CalendarEvent:
    return CalendarEvent(
        uid=event_uid(UID_KIND, event.pk),
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title
        if event.status != EventStatus.CANCELLED
        else _("Annulé : %(title)s") % {"title": event.title},
        description=event.summary,
        location=event_location(event),
        url=f"{settings.SITE_URL.rstrip('/')}{event.get_absolute_url()}",
        status=Status.CANCELLED if event.status == EventStatus.CANCELLED else Status.CONFIRMED,
        sequence=event.sequence,
        modified_at=event.updated_at,
    )


def feed_events(*, now: dt.datetime, place: Place | None = None) -> QuerySet[Event]:
    """What a public feed holds: the events of the last three months and every one to come (cancelled ones too, so
    that a calendar that had them shows them cancelled), of one place when given."""
    queryset = public_events().filter(ends_at__gte=now - FEED_PAST).exclude(date_known_to_month_only=True)
    if place is not None:
        queryset = queryset.filter(sites__place=place).distinct()
    return with_sites(queryset).order_by("starts_at", "pk")


def calendar_events(events: Iterable[Event]) -> list[CalendarEvent]:
    return [event_calendar_event(event) for event in events]
