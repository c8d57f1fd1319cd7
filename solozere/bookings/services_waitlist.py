"""The waiting list of a resource (models_waitlist): join when a slot is full, the offers, accept, leave.

Who gets a freed seat follows the shared rule of solozere.core.waiting_list: the first in line whose every slot is
free gets an offer that lasts SOLOZERE_WAITLIST_OFFER_HOURS, never past the start of its first slot minus the
resource's notice; an offer still running holds its seats (booking_request counts them as taken); an offer that
lapses takes its entry out of line, and the seats go to the next. Every round runs under the resource's row lock,
the one booking_request takes, so an offer and a booking never both get the last seat."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accounts.models import User
from solozere.bookings import availability
from solozere.bookings.models import BookingSlot, Resource, WaitlistEntry, WaitlistStatus
from solozere.bookings.models_waitlist import IN_LINE
from solozere.bookings.services import (
    BookingError,
    booking_preview,
    booking_request,
    held_keys,
    locked_request,
    offer_holds,
)
from solozere.core import waiting_list
from solozere.core.mail import notify

# How many requests one person may have in line at once, all resources together.
MOST_IN_LINE = 20

SlotKey = tuple[dt.date, str]


def offer_duration() -> dt.timedelta:
    return dt.timedelta(hours=settings.SOLOZERE_WAITLIST_OFFER_HOURS)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _taken(resource: Resource, days: set[dt.date]) -> Counter[SlotKey]:
    rows = BookingSlot.objects.filter(resource=resource, day__in=days).values_list("day", "code")
    return Counter(rows)


def entry_when(entry: WaitlistEntry) -> str:
    """The request in words, as the booking page says it."""
    day = availability.date_label(entry.start_date)
    if entry.start_hour is not None:
        return f"{day}, {entry.start_hour} h\u2013{entry.end_hour} h"
    if entry.end_date and entry.end_date != entry.start_date:
        return _("du %(start)s au %(end)s") % {"start": day, "end": availability.date_label(entry.end_date)}
    if entry.half:
        return f"{day}, {availability.HALF_DAY_LABELS[entry.half]}"
    return _("%(day)s, la journée") % {"day": day}


def position(entry: WaitlistEntry) -> int:
    """1 for the first in line for that resource and first day."""
    return (
        WaitlistEntry.objects.filter(
            resource_id=entry.resource_id,
            start_date=entry.start_date,
            status__in=IN_LINE,
            created_at__lte=entry.created_at,
        )
        .exclude(created_at=entry.created_at, pk__gt=entry.pk)
        .count()
    )


# --- Join and leave -----------------------------------------------------------------------------------------------


@transaction.atomic
def waitlist_join(
    *,
    actor: User,
    resource: Resource,
    start_date: dt.date,
    end_date: dt.date | None = None,
    half: str = "",
    start_hour: int | None = None,
    end_hour: int | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> WaitlistEntry:
    """Put `actor` in line for a request that is full now. Raises BookingError (nothing written) when they may not
    book it, when a rule refuses it, or when a seat is free (then they book it)."""
    now = now or timezone.now()
    locked, slots = locked_request(
        actor=actor,
        resource=resource,
        start_date=start_date,
        end_date=end_date,
        half=half,
        start_hour=start_hour,
        end_hour=end_hour,
        now=now,
    )
    taken = _taken(locked, {slot.day for slot in slots}) + offer_holds(locked, now=now)
    if all(taken[slot.key] < locked.capacity for slot in slots):
        raise BookingError(_("Il reste de la place sur ce créneau : réservez-le directement."))
    if WaitlistEntry.objects.filter(person=actor, status__in=IN_LINE).count() >= MOST_IN_LINE:
        raise BookingError(
            _("Vous êtes déjà sur %(count)s listes d'attente : quittez-en une avant de vous inscrire sur une autre.")
            % {"count": MOST_IN_LINE}
        )
    entry = WaitlistEntry(
        resource=locked,
        person=actor,
        start_date=start_date,
        end_date=end_date if end_date and end_date != start_date else None,
        half=half,
        start_hour=start_hour,
        end_hour=end_hour,
        note=note.strip()[:500],
        starts_at=slots[0].starts_at,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise BookingError(_("Vous êtes déjà sur la liste d'attente pour ce créneau.")) from None
    return entry


def _entry_locked(entry: WaitlistEntry) -> WaitlistEntry:
    Resource.objects.select_for_update().filter(pk=entry.resource_id).first()
    return (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("resource__place", "person")
        .get(pk=entry.pk)
    )


@transaction.atomic
def waitlist_leave(*, actor: User, entry: WaitlistEntry, now: dt.datetime | None = None) -> WaitlistEntry:
    """The person leaves the line (or declines their offer: the seats go to the next at once)."""
    now = now or timezone.now()
    locked = _entry_locked(entry)
    if locked.person_id != actor.pk:
        raise BookingError(_("Cette inscription n'est pas la vôtre."))
    if locked.status not in IN_LINE:
        raise BookingError(_("Vous n'êtes plus sur cette liste d'attente."))
    had_offer = locked.status == WaitlistStatus.OFFERED
    locked.status = WaitlistStatus.LEFT
    locked.held_slots = []
    locked.save(update_fields=["status", "held_slots", "updated_at"])
    if had_offer:
        offer_freed_seats(locked.resource_id, now)
    return locked


# --- Accept an offer ----------------------------------------------------------------------------------------------


@transaction.atomic
def waitlist_accept(*, actor: User, entry: WaitlistEntry, now: dt.datetime | None = None) -> Any:
    """Book what the offer holds. Raises BookingError when the offer has lapsed or the booking is refused (the
    offer then keeps running until it lapses: the person may free what clashes and try again)."""
    now = now or timezone.now()
    locked = _entry_locked(entry)
    if locked.person_id != actor.pk:
        raise BookingError(_("Cette proposition n'est pas la vôtre."))
    if locked.status != WaitlistStatus.OFFERED or locked.offer_expires_at is None or locked.offer_expires_at <= now:
        raise BookingError(
            _("Cette proposition a expiré : la place est passée à la personne suivante de la liste d'attente.")
        )
    booking = booking_request(
        actor=actor,
        resource=locked.resource,
        note=locked.note,
        now=now,
        offer=locked,
        **locked.request_arguments,  # type: ignore[arg-type]
    )
    locked.status = WaitlistStatus.BOOKED
    locked.booking = booking
    locked.held_slots = []
    locked.save(update_fields=["status", "booking", "held_slots", "updated_at"])
    return booking


# --- The offers ---------------------------------------------------------------------------------------------------


@dataclass
class OfferRound:
    """What one round did (or, in a dry run, would do) for one resource."""

    resource: Resource
    offered: list[WaitlistEntry] = field(default_factory=list)
    lapsed: list[WaitlistEntry] = field(default_factory=list)
    too_late: list[WaitlistEntry] = field(default_factory=list)


def _wanted(entry: WaitlistEntry, resource: Resource, now: dt.datetime) -> list[availability.Slot] | None:
    """The slots of a waiting entry's request now, or None when it cannot be booked any more (its start is past or
    too near, a closure came, the rules changed)."""
    try:
        return booking_preview(resource=resource, now=now, **entry.request_arguments)  # type: ignore[arg-type]
    except BookingError:
        return None


@transaction.atomic
def waitlist_offer_round(*, resource: Resource, now: dt.datetime | None = None, wet_run: bool = True) -> OfferRound:
    """Sweep the lapsed offers of `resource`, then offer its free seats to the first in line. In a dry run the same
    selection is made and nothing is written or sent."""
    now = now or timezone.now()
    locked = Resource.objects.select_for_update(of=("self",)).select_related("place").get(pk=resource.pk)
    result = OfferRound(resource=locked)
    entries = list(
        WaitlistEntry.objects.filter(resource=locked, status__in=IN_LINE)
        .select_related("person")
        .order_by("created_at", "pk")
    )
    if not entries:
        return result
    by_pk: dict[Any, WaitlistEntry] = {entry.pk: entry for entry in entries}
    # Offers made before: lapsed ones leave the line, running ones keep their seats.
    swept = waiting_list.plan_offers(
        [waiting_list.Entry(key=e.pk, offer_expires_at=e.offer_expires_at) for e in entries if e.offer_expires_at],
        free=0,
        now=now,
        duration=offer_duration(),
    )
    result.lapsed = [by_pk[pk] for pk in swept.lapsed]
    holds: Counter[SlotKey] = Counter()
    for pk in swept.running:
        holds.update(held_keys(by_pk[pk]))
    # Then the people waiting, in line order: each one whose every slot is free gets an offer.
    waiting = [entry for entry in entries if entry.status == WaitlistStatus.WAITING and entry.offer_expires_at is None]
    wanted = {entry.pk: _wanted(entry, locked, now) for entry in waiting}
    days = {slot.day for slots in wanted.values() if slots for slot in slots}
    taken = _taken(locked, days) + holds
    notice = dt.timedelta(hours=locked.min_notice_hours)
    for entry in waiting:
        slots = wanted[entry.pk]
        if slots is None:
            result.too_late.append(entry)
            continue
        free = 1 if all(taken[slot.key] < locked.capacity for slot in slots) else 0
        plan = waiting_list.plan_offers(
            [waiting_list.Entry(key=entry.pk)],
            free=free,
            now=now,
            duration=offer_duration(),
            deadline=slots[0].starts_at - notice,
        )
        if not plan.new:
            continue
        entry.offer_expires_at = plan.new[0].expires_at
        entry.held_slots = [[slot.day.isoformat(), slot.code] for slot in slots]
        taken.update(slot.key for slot in slots)
        result.offered.append(entry)
    if wet_run:
        _apply(result, now=now)
    return result


def _apply(result: OfferRound, *, now: dt.datetime) -> None:
    for entry in result.lapsed:
        entry.status = WaitlistStatus.LAPSED
        entry.held_slots = []
        entry.save(update_fields=["status", "held_slots", "updated_at"])
        _tell(entry, subject=_("Proposition expirée : %(resource)s"), template="bookings/email/waitlist_lapsed.txt")
    for entry in result.too_late:
        entry.status = WaitlistStatus.TOO_LATE
        entry.save(update_fields=["status", "updated_at"])
    for entry in result.offered:
        entry.status = WaitlistStatus.OFFERED
        entry.offered_at = now
        entry.save(update_fields=["status", "offered_at", "offer_expires_at", "held_slots", "updated_at"])
        _tell(entry, subject=_("Une place s'est libérée : %(resource)s"), template="bookings/email/waitlist_offer.txt")


def _tell(entry: WaitlistEntry, *, subject: str, template: str) -> None:
    if not entry.person.email:
        return
    notify(
        to=[entry.person.email],
        subject=subject % {"resource": entry.resource.name},
        template=template,
        context={
            "entry": entry,
            "resource": entry.resource,
            "place": entry.resource.place,
            "when": entry_when(entry),
            "entry_url": _absolute(reverse("bookings:waitlist_detail", args=[entry.pk])),
        },
    )


def offer_freed_seats(resource_id: int, now: dt.datetime | None = None) -> OfferRound | None:
    """When seats are given back (a cancellation, a refusal, an offer declined): one round for that resource, in
    the transaction that freed them."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        return None
    return waitlist_offer_round(resource=resource, now=now)


def waitlist_offer_rounds(*, now: dt.datetime | None = None, wet_run: bool) -> list[OfferRound]:
    """One round for every resource with people in line (the periodic command)."""
    now = now or timezone.now()
    ids = WaitlistEntry.objects.filter(status__in=IN_LINE).values_list("resource_id", flat=True).distinct().order_by()
    rounds = []
    for resource in Resource.objects.filter(pk__in=list(ids)).order_by("pk"):
        rounds.append(waitlist_offer_round(resource=resource, now=now, wet_run=wet_run))
    return rounds
