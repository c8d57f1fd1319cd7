"""Reads of registrations that depend on who asks: a person's own, a registration by its private link, the seats of
an event's sites, an organiser's list."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from solozere.accounts.selectors import has_verified_email
from solozere.events.models import Event, EventSite, Question, Registration
from solozere.events.workflow import LIVE_STATES, RegistrationStatus


def registration_by_token(token: str) -> Registration:
    """The registration a private link names; Registration.DoesNotExist otherwise (a token is never guessed: 256
    bits; a purged registration's token was replaced)."""
    if not token or len(token) > 64:
        raise Registration.DoesNotExist
    return Registration.objects.select_related(
        "event", "site__place__commune", "site__commune", "event__organiser_place"
    ).get(token=token)


def own(user: Any) -> Q:
    """The registrations that are the person's: made with their account, or made as a visitor with the account's
    address once they have confirmed it (an address put on an account and never confirmed opens nobody's
    registration)."""
    mine = Q(user=user)
    if has_verified_email(user):
        mine |= Q(user__isnull=True, email__iexact=user.email)
    return mine


def live_registration_of(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, status__in=LIVE_STATES)
        .filter(own(user))
        .select_related("site__place")
        .first()
    )


def registrations_of(user: Any) -> tuple[list[Registration], list[Registration]]:
    """The person's registrations (signed in): to come (live, soonest first) and the others (most recent first)."""
    rows = list(
        Registration.objects.filter(own(user))
        .select_related("event", "site__place__commune", "site__commune")
        .order_by("event__starts_at", "pk")
    )
    now = timezone.now()
    upcoming = [row for row in rows if row.status in LIVE_STATES and row.event.ends_at > now]
    others = [row for row in reversed(rows) if row not in upcoming]
    return upcoming, others


@dataclass
class SiteSeats:
    site: EventSite
    registered: int = 0
    offered: int = 0
    waiting: int = 0

    @property
    def free(self) -> int:
        return max(0, self.site.capacity - self.registered - self.offered)

    @property
    def full(self) -> bool:
        # Someone waiting goes first: a newcomer joins the line even if a seat frees this very minute.
        return self.free == 0 or self.waiting > 0


def site_seats(event: Event, sites: list[EventSite]) -> list[SiteSeats]:
    """Each site with its seats held and its line, in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Registration.objects.filter(
            event=event,
            status__in=(RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING),
        )
        .values("site_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["site_id"]][row["status"]] = row["count"]
    return [
        SiteSeats(
            site=site,
            registered=counts[site.pk].get(RegistrationStatus.REGISTERED, 0),
            offered=counts[site.pk].get(RegistrationStatus.OFFERED, 0),
            waiting=counts[site.pk].get(RegistrationStatus.WAITING, 0),
        )
        for site in sites
    ]


def questions_of(event: Event) -> list[Question]:
    return list(Question.objects.filter(event=event).order_by("position", "pk"))


@dataclass
class SiteList:
    """An organiser's view of one site: who holds a seat, the line in order, those still to confirm, the others."""

    site: EventSite
    registered: list[Registration] = field(default_factory=list)
    offered: list[Registration] = field(default_factory=list)
    waiting: list[Registration] = field(default_factory=list)
    pending: list[Registration] = field(default_factory=list)
    ended: list[Registration] = field(default_factory=list)

    @property
    def attended(self) -> int:
        return sum(1 for row in self.registered if row.attended)


def event_registrations(event: Event) -> QuerySet[Registration]:
    return Registration.objects.filter(event=event).order_by("confirmed_at", "created_at", "pk")


def site_lists(event: Event, sites: list[EventSite]) -> list[SiteList]:
    """Every registration of the event, by site and state (one query)."""
    lists = {site.pk: SiteList(site=site) for site in sites}
    for row in event_registrations(event):
        target = lists.get(row.site_id)
        if target is None:
            continue
        row.site = target.site
        row.event = event
        bucket = {
            RegistrationStatus.REGISTERED: target.registered,
            RegistrationStatus.OFFERED: target.offered,
            RegistrationStatus.WAITING: target.waiting,
            RegistrationStatus.PENDING: target.pending,
        }.get(row.status, target.ended)  # type: ignore[call-overload]
        bucket.append(row)
    for target in lists.values():
        target.registered.sort(key=lambda row: (row.seat or 0, row.pk))
    return list(lists.values())


def attendance_rows(site: EventSite) -> list[Registration]:
    """The people registered at `site`, by name (as on a sheet of paper)."""
    rows = list(Registration.objects.filter(site=site, status=RegistrationStatus.REGISTERED, purged_at__isnull=True))
    return sorted(rows, key=lambda row: (row.name.casefold(), row.pk))
