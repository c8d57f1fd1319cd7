"""Registrations as calendar events, on the shared mechanism (solozere.core.calendar): the .ics of the e-mails and the
events of the person's private feed. One UID per registration (`event-registration-<pk>@…`) whatever happens to
it; its SEQUENCE is the event's own (which grows when the organiser moves or cancels it) plus the steps of the
registration's log, so that each offer, confirmation or cancellation supersedes the one before in the calendar.

The connection link of an online site is written only for a registered person: the .ics goes to them alone."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from solozere.accounts.feeds import register_feed
from solozere.accounts.models import User
from solozere.core.calendar import CalendarEvent, Method, Status, event_uid, ics_attachment
from solozere.core.mail import Attachment
from solozere.events.models import Registration, SiteKind
from solozere.events.workflow import EventStatus, RegistrationStatus

UID_KIND = "event-registration"

_STATUS: dict[str, Status] = {
    RegistrationStatus.REGISTERED: Status.CONFIRMED,
    RegistrationStatus.CANCELLED: Status.CANCELLED,
    RegistrationStatus.LAPSED: Status.CANCELLED,
}
# The states whose .ics the person holds in their calendar; a CANCEL goes out when one of them ends.
CALENDAR_STATES = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)


def private_url(registration: Registration) -> str:
    """The absolute address of the registration's private page (its token is the key)."""
    path = reverse("events:registration_private", args=[registration.token])
    return settings.SITE_URL.rstrip("/") + path


def registration_sequence(registration: Registration, *, steps: int | None = None) -> int:
    """The event's sequence plus the steps of the registration's log (`steps` when the caller counted them)."""
    count = registration.log.count() if steps is None else steps
    return registration.event.sequence + count


def location(registration: Registration) -> str:
    site = registration.site
    if site.kind == SiteKind.ONLINE:
        return str(_("En ligne"))
    if site.place is not None:
        place = site.place
        address = " ".join(part for part in (place.address, place.postal_code, place.commune.name) if part)
        return f"{place.name}, {address}" if address else place.name
    commune = site.commune.name if site.commune else ""
    return ", ".join(part for part in (site.address, commune) if part)


def online_link(registration: Registration) -> str:
    """The connection link, for a registered person only (never on a public page)."""
    site = registration.site
    if site.kind == SiteKind.ONLINE and registration.status == RegistrationStatus.REGISTERED:
        return site.online_url
    return ""


def registration_calendar_event(
    registration: Registration, *, steps: int | None = None, absolute_url: str = ""
) -> CalendarEvent:
    """`registration` (its event and site loaded) as a calendar event."""
    event = registration.event
    status = _STATUS.get(registration.status, Status.TENTATIVE)
    if event.status == EventStatus.CANCELLED:
        status = Status.CANCELLED
    parts = [event.summary] if event.summary else []
    if link := online_link(registration):
        parts.append(_("Lien de connexion : %(link)s") % {"link": link})
    if absolute_url:
        parts.append(_("Votre inscription : %(url)s") % {"url": absolute_url})
    return CalendarEvent(
        uid=event_uid(UID_KIND, registration.pk),
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        description="\n\n".join(parts),
        location=location(registration),
        url=absolute_url,
        status=status,
        sequence=registration_sequence(registration, steps=steps),
        modified_at=registration.updated_at,
    )


def registration_ics(registration: Registration) -> Attachment:
    """The .ics of an e-mail about `registration`: REQUEST while it holds a seat, CANCEL once it no longer does."""
    holds = registration.status in CALENDAR_STATES and registration.event.status != EventStatus.CANCELLED
    return ics_attachment(
        [registration_calendar_event(registration, absolute_url=private_url(registration))],
        method=Method.REQUEST if holds else Method.CANCEL,
        attendee=registration.email,
        filename=f"inscription-{registration.event.slug}",
    )


# The private feed of a person (solozere.accounts.feeds) ----------------------------------------------------------

FEED_PAST = dt.timedelta(days=90)


def _feed_rows(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            user=user, status__in=CALENDAR_STATES, event__ends_at__gte=timezone.now() - FEED_PAST
        )
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "site__place__commune", "site__commune")
        .annotate(step_count=Count("log"))
        .order_by("event__starts_at", "pk")
    )


def person_feed_events(user: User, _argument: str) -> list[CalendarEvent]:
    return [
        registration_calendar_event(
            row,
            steps=row.step_count,  # type: ignore[attr-defined]  # annotated
            absolute_url=private_url(row),
        )
        for row in _feed_rows(user)
    ]


def person_feed_name(user: User, _argument: str) -> str:
    return _("Mes inscriptions aux événements — SoLozère")


def person_feed_allowed(user: User, argument: str) -> bool:
    return not argument


def register_feeds() -> None:
    register_feed(
        "event-registrations",
        label=_lazy("Mes inscriptions aux événements"),
        name=person_feed_name,
        events=person_feed_events,
        allowed=person_feed_allowed,
        filename="mes-inscriptions",
    )
