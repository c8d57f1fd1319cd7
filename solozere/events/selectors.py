"""Reads of events that depend on who asks: who organises what, what a person may see."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from solozere.accounts.models import User
from solozere.accounts.roles import is_network_staff
from solozere.events.models import Event, EventSite
from solozere.events.workflow import EventStatus
from solozere.organisations.models import OrganisationAgent, OrganisationStatus
from solozere.organisations.selectors import organisations_of_agent
from solozere.places.models import NetworkStatus, Place
from solozere.places.selectors import places_managed_by

PUBLIC_STATES = (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.HELD)


def may_organise_anything(user: Any) -> bool:
    """Staff, a place's manager or a partner organisation's agent may create events."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_network_staff(user) or places_managed_by(user).exists() or organisations_of_agent(user).exists()


def organised_by(user: Any) -> QuerySet[Event]:
    """The events `user` organises: all of them for the staff; those of the places they manage and of the
    organisations they act for otherwise."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Event.objects.none()
    if is_network_staff(user):
        return Event.objects.all()
    return Event.objects.filter(
        Q(organiser_place__in=places_managed_by(user)) | Q(organisations__in=organisations_of_agent(user))
    ).distinct()


def may_organise(user: Any, event: Event) -> bool:
    return organised_by(user).filter(pk=event.pk).exists()


def organisers_of(event: Event) -> QuerySet[User]:
    """The active people who may organise `event` (the rule of organised_by, read the other way): the network's
    staff, the managers of its place, the agents of its organisations still in activity."""
    agents = OrganisationAgent.objects.filter(
        organisation__in=event.organisations.all(), organisation__status=OrganisationStatus.ACTIVE
    ).values("user_id")
    who = Q(is_staff=True) | Q(pk__in=agents)
    if event.organiser_place_id is not None:
        who |= Q(pk__in=Place.managers.through.objects.filter(place_id=event.organiser_place_id).values("user_id"))
    return User.objects.filter(who, is_active=True).order_by("pk")


def site_places(user: Any, event: Event | None = None) -> QuerySet[Place]:
    """The places `user` may name as sites of an event: every place still in the network for the staff; for anyone
    else (a place's manager, a partner organisation's agent) only the places they manage, because a site commits
    the place to host the event and only its managers speak for it. On an edit, the event's own places stay
    usable too (its sites, its organising place): an event moved to a co-organiser keeps them."""
    in_network = ~Q(status=NetworkStatus.CLOSED)
    usable = in_network if is_network_staff(user) else in_network & Q(pk__in=places_managed_by(user).values("pk"))
    if event is not None and event.pk:
        usable |= Q(pk__in=EventSite.objects.filter(event=event, place__isnull=False).values("place"))
        if event.organiser_place_id:
            usable |= Q(pk=event.organiser_place_id)
    return Place.objects.filter(usable).order_by("name")


def with_sites(events: QuerySet[Event]) -> QuerySet[Event]:
    sites = EventSite.objects.select_related("place__commune", "commune").order_by("position", "pk")
    return events.select_related("organiser_place").prefetch_related(Prefetch("sites", queryset=sites), "organisations")


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC_STATES)


def upcoming_events(*, now: dt.datetime) -> QuerySet[Event]:
    """Published or cancelled events that have not ended yet (a cancelled one stays listed, marked, until then)."""
    return public_events().filter(ends_at__gt=now, status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED))


def past_events(*, now: dt.datetime) -> QuerySet[Event]:
    return public_events().filter(ends_at__lte=now).exclude(status=EventStatus.CANCELLED).order_by("-starts_at")


def organised_event(user: Any, slug: str) -> Event:
    """The event at `slug` if `user` organises it, its sites loaded; Event.DoesNotExist otherwise."""
    return with_sites(organised_by(user).filter(slug=slug)).get()


def visible_event(user: Any, slug: str) -> Event:
    """The event at `slug` if `user` may see it (public, or one they organise); Event.DoesNotExist otherwise."""
    event = with_sites(Event.objects.filter(slug=slug)).get()
    if event.is_public or may_organise(user, event):
        return event
    raise Event.DoesNotExist
