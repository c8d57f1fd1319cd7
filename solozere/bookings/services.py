"""Use cases of bookings: resources and closures (a place's managers and the staff), a booking's life (request,
confirm, refuse, cancel, no-show, done). Views, commands and the API call these.

Never overbooked (ADR 0001, pretix): a booking locks its resource row (select_for_update on PostgreSQL; on SQLite
the IMMEDIATE transaction already holds the write lock), re-reads the seats taken under the lock, picks free units,
and inserts one BookingSlot per unit and slot under a unique constraint: if anything slipped past the lock, the
database refuses the second row and the person reads a French refusal, never a 500. Lock order: the resource, then
the booking.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accounts.models import User
from solozere.bookings import availability
from solozere.bookings.calendar import booking_ics
from solozere.bookings.models import (
    Booking,
    BookingEvent,
    BookingMode,
    BookingSlot,
    Closure,
    Resource,
    ResourceKind,
    WaitlistEntry,
    WaitlistStatus,
    WhoMayBook,
)
from solozere.bookings.services_presence import booking_commute_fill, recount_days
from solozere.bookings.workflow import ACTIVE_STATES, WORKFLOW, Action, BookingStatus, Role
from solozere.community.selectors import is_active_member
from solozere.core.audit import log_change
from solozere.core.mail import Attachment, notify
from solozere.core.models import AuditLogEntry
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.places.models import Place
from solozere.places.selectors import user_manages


class BookingError(Exception):
    """A refusal with a French message for the person who tried."""

    def __init__(self, message: str, *, full: bool = False) -> None:
        super().__init__(message)
        self.message = message
        # Refused only because no seat is free: the person may join the waiting list.
        self.full = full


# Called with a resource's id, under its lock, when seats it held are given back: the waiting list
# (services_waitlist.offer_freed_seats, registered in BookingsConfig.ready) offers them to the first in line.
SEATS_FREED: list[Callable[[int, dt.datetime | None], object]] = []

SlotKey = tuple[dt.date, str]


def offer_holds(resource: Resource, *, now: dt.datetime, exclude: Any = None) -> Counter[SlotKey]:
    """How many seats of each slot the running waiting-list offers of `resource` hold (but `exclude`'s own): they
    count as taken (models_waitlist)."""
    running = WaitlistEntry.objects.filter(
        resource=resource, status=WaitlistStatus.OFFERED, offer_expires_at__gt=now
    ).only("pk", "held_slots")
    holds: Counter[SlotKey] = Counter()
    for entry in running:
        if exclude is None or entry.pk != exclude.pk:
            holds.update(held_keys(entry))
    return holds


def held_keys(entry: Any) -> list[SlotKey]:
    """The (day, slot code) an offer holds, from its stored [["2026-12-03", "am"], ...]."""
    return [(dt.date.fromisoformat(day), code) for day, code in entry.held_slots]


# --- Small helpers ------------------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _require_manager(actor: Any, place: Place) -> None:
    if not user_manages(actor, place):
        raise BookingError(_("Seuls les gestionnaires du lieu et l'équipe du réseau gèrent ses réservations."))


def manager_addresses(place: Place) -> list[str]:
    return [person.email for person in place.managers.filter(is_active=True).order_by("pk") if person.email]


def closures_of(place: Place, start: dt.date, end: dt.date) -> list[availability.ClosureSpan]:
    rows = Closure.objects.filter(place=place, start_date__lte=end, end_date__gte=start)
    return [closure.span for closure in rows]


def booking_mail_context(booking: Booking) -> dict[str, Any]:
    """What every e-mail about a booking shows (the calendar attachment is added by whoever sends it)."""
    place = booking.resource.place
    return {
        "booking": booking,
        "resource": booking.resource,
        "place": place,
        "when": booking_when(booking),
        "person": booking.person,
        "booking_url": _absolute(reverse("bookings:mine_detail", args=[booking.pk])),
        "calendar_url": _absolute(reverse("bookings:calendar", args=[place.slug])),
    }


def _ics(booking: Booking) -> Attachment:
    return booking_ics(booking, absolute_url=_absolute(reverse("bookings:mine_detail", args=[booking.pk])))


def booking_when(booking: Booking) -> str:
    """ "jeudi 3 décembre 2026, matin (9 h\u201312 h)" or "du lundi 4 au vendredi 29 janvier 2027 (20 jours)"."""
    start = booking.starts_at.astimezone(availability.PARIS)
    end = booking.ends_at.astimezone(availability.PARIS)
    day = availability.date_label(start.date())
    if booking.mode == BookingMode.HALF_DAY:
        half = availability.AFTERNOON if start.time() >= availability.NOON else availability.MORNING
        label = availability.HALF_DAY_LABELS[half]
        return f"{day}, {label} ({availability.clock(start)}\u2013{availability.clock(end)})"
    if booking.mode in (BookingMode.DAY, BookingMode.HOURS):
        return f"{day}, {availability.clock(start)}\u2013{availability.clock(end)}"
    last = (end - dt.timedelta(minutes=1)).date()
    return _("du %(start)s au %(end)s") % {"start": day, "end": availability.date_label(last)}


# --- Who may book -----------------------------------------------------------------------------------------------------


def may_book(user: Any, resource: Resource) -> str:
    """ "" when `user` may book `resource`; otherwise why not, in French."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _("Connectez-vous pour réserver.")
    if not resource.is_active:
        return _("Cette ressource ne se réserve plus.")
    if resource.who_may_book == WhoMayBook.LIST:
        if resource.allowed_users.filter(pk=user.pk).exists():
            return ""
        return _(
            "Cette ressource est réservée aux personnes inscrites par le lieu : demandez aux gestionnaires du lieu "
            "de vous ajouter à leur liste."
        )
    if is_active_member(user):
        return ""
    return _(
        "Réserver est ouvert aux membres actifs du réseau : votre adhésion de télétravailleur ou "
        "télétravailleuse doit être validée (et à jour) pour réserver."
    )


# --- Resources and closures ----------------------------------------------------------------------------------------


@transaction.atomic
def resource_save(*, actor: User, resource: Resource, allowed: Iterable[User] | None = None) -> Resource:
    """Create or update `resource` (already filled from a form): checked, saved, the place's list replaced when
    `allowed` is given, logged."""
    _require_manager(actor, resource.place)
    if resource.kind != ResourceKind.DESK_POOL:
        resource.capacity = 1
    if resource.pk:
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.capacity < locked.capacity:
            highest = (
                BookingSlot.objects.filter(resource=locked, unit__gte=resource.capacity, day__gte=timezone.localdate())
                .values_list("booking_id", flat=True)
                .distinct()
                .count()
            )
            if highest:
                raise BookingError(
                    _(
                        "%(count)s réservation(s) à venir occupent les unités que vous retirez : annulez-les "
                        "d'abord ou gardez %(capacity)s unités."
                    )
                    % {"count": highest, "capacity": locked.capacity}
                )
    adding = resource.pk is None
    resource.full_clean()
    resource.save()
    if allowed is not None:
        resource.allowed_users.set(list(allowed))
    log_change(
        actor=actor,
        obj=resource,
        action=AuditLogEntry.Action.CREATE if adding else AuditLogEntry.Action.UPDATE,
        message=str(resource),
    )
    return resource


@transaction.atomic
def closure_create(*, actor: User, place: Place, start_date: dt.date, end_date: dt.date, reason: str) -> Closure:
    """A closure of the place. Refused while bookings are held in it: the place cancels them first, each person
    told why."""
    _require_manager(actor, place)
    Place.objects.select_for_update().filter(pk=place.pk).first()
    closure = Closure(place=place, start_date=start_date, end_date=end_date, reason=reason.strip(), created_by=actor)
    closure.full_clean()
    held = (
        Booking.objects.filter(
            resource__place=place,
            status__in=ACTIVE_STATES,
            slots__day__gte=start_date,
            slots__day__lte=end_date,
        )
        .distinct()
        .count()
    )
    if held:
        raise BookingError(
            _(
                "%(count)s réservation(s) en cours tombent pendant cette fermeture : annulez-les d'abord depuis le "
                "calendrier du lieu, en donnant le motif aux personnes."
            )
            % {"count": held}
        )
    closure.save()
    log_change(actor=actor, obj=closure, action=AuditLogEntry.Action.CREATE, message=str(closure))
    return closure


@transaction.atomic
def closure_delete(*, actor: User, closure: Closure) -> None:
    _require_manager(actor, closure.place)
    log_change(actor=actor, obj=closure, action=AuditLogEntry.Action.DELETE, message=str(closure))
    closure.delete()


# --- Bookings ---------------------------------------------------------------------------------------------------------


def _transition(booking: Booking, *, action: str, role: str, actor: Any, reason: str = "", **kw: Any) -> None:
    try:
        apply_transition(
            workflow=WORKFLOW,
            obj=booking,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=BookingEvent,
            booking=booking,
            **kw,
        )
    except TransitionNotAllowed as error:
        raise BookingError(error.message) from None


def _mode(resource: Resource, start_date: dt.date, end_date: dt.date | None, half: str) -> str:
    if resource.kind == ResourceKind.MEETING_ROOM:
        return BookingMode.HOURS
    if end_date and end_date != start_date:
        return BookingMode.PERIOD
    return BookingMode.HALF_DAY if half else BookingMode.DAY


def booking_preview(
    *,
    resource: Resource,
    start_date: dt.date,
    end_date: dt.date | None = None,
    half: str = "",
    start_hour: int | None = None,
    end_hour: int | None = None,
    now: dt.datetime | None = None,
) -> list[availability.Slot]:
    """The slots a request would hold, every rule but the seats checked (shown before the person confirms)."""
    end = end_date or start_date
    try:
        return availability.requested_slots(
            expression=resource.place.opening_hours,
            closures=closures_of(resource.place, start_date, end),
            rules=resource.rules,
            start_date=start_date,
            end_date=end_date,
            half=half,
            start_hour=start_hour,
            end_hour=end_hour,
            now=now or timezone.now(),
        )
    except availability.RequestError as error:
        raise BookingError(error.message) from None


def locked_request(
    *, actor: User, resource: Resource, now: dt.datetime, **request: Any
) -> tuple[Resource, list[availability.Slot]]:
    """Lock `resource` (first, then read: the seats taken cannot change before the transaction ends), check that
    `actor` may book it and that `request` keeps its rules; the locked row and the slots asked for. Raises
    BookingError. Inside a transaction."""
    locked = Resource.objects.select_for_update(of=("self",)).select_related("place").get(pk=resource.pk)
    reason = may_book(actor, locked)
    if reason:
        raise BookingError(reason)
    return locked, booking_preview(resource=locked, now=now, **request)


@transaction.atomic
def booking_request(
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
    offer: Any = None,
) -> Booking:
    """Book `resource` for `actor`: confirmed at once, or requested when the resource needs a manager's approval.
    Raises BookingError (nothing written) when a rule or a full slot refuses it. The seats that running waiting-list
    offers hold count as taken, but those of `offer`, the one being accepted (services_waitlist)."""
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
    keys = [slot.key for slot in slots]
    days = sorted({slot.day for slot in slots})
    taken: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    for day, code, unit in BookingSlot.objects.filter(resource=locked, day__in=days).values_list("day", "code", "unit"):
        taken[(day, code)].append(unit)
    for key, count in offer_holds(locked, now=now, exclude=offer).items():
        if key in keys:
            # An offer holds a seat, not a given unit: the highest free ones stand for it.
            taken[key].extend(availability.free_units(capacity=locked.capacity, taken=taken[key])[-count:])
    is_seat = locked.kind != ResourceKind.MEETING_ROOM
    if is_seat:
        clash = (
            BookingSlot.objects.filter(person=actor, is_seat=True, day__in=days)
            .select_related("resource__place")
            .order_by("day", "code")
        )
        wanted = set(keys)
        for held in clash:
            if (held.day, held.code) in wanted:
                raise BookingError(
                    _("Vous avez déjà une place réservée le %(day)s %(when)s (%(where)s).")
                    % {
                        "day": availability.date_label(held.day),
                        "when": availability.slot_name(held.code),
                        "where": held.resource.place.name,
                    }
                )
    try:
        units = availability.assign_units(capacity=locked.capacity, slots=keys, taken=taken)
    except availability.RequestError as error:
        raise BookingError(error.message, full=True) from None
    booking = Booking(
        resource=locked,
        person=actor,
        mode=_mode(locked, start_date, end_date, half),
        starts_at=slots[0].starts_at,
        ends_at=slots[-1].ends_at,
        slot_count=len(slots),
        note=note.strip()[:500],
    )
    action = Action.REQUEST if locked.requires_approval else Action.BOOK
    _transition(booking, action=action, role=Role.MEMBER, actor=actor)
    try:
        with transaction.atomic():
            BookingSlot.objects.bulk_create(
                BookingSlot(
                    booking=booking,
                    resource=locked,
                    unit=units[slot.key],
                    day=slot.day,
                    code=slot.code,
                    person=actor,
                    is_seat=is_seat,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                )
                for slot in slots
            )
    except IntegrityError:
        # Only reachable if a writer slipped past the lock: the database has the last word.
        raise BookingError(
            _(
                "Ce créneau vient d'être réservé par quelqu'un d'autre : il ne reste plus de place. Choisissez-en un autre."
            ),
            full=True,
        ) from None
    if booking.status == BookingStatus.REQUESTED:
        notify(
            to=manager_addresses(locked.place),
            subject=_("Réservation à valider : %(resource)s") % {"resource": locked.name},
            template="bookings/email/booking_requested.txt",
            context=booking_mail_context(booking),
        )
    else:
        _tell_confirmed(booking)
    return booking


def _tell_confirmed(booking: Booking) -> None:
    # Confirmed: the commute it saves is recorded now, as a check-in's is (one per member and day).
    booking_commute_fill(booking)
    if booking.person is None or not booking.person.email:
        return
    notify(
        to=[booking.person.email],
        subject=_("Réservation confirmée : %(resource)s") % {"resource": booking.resource.name},
        template="bookings/email/booking_confirmed.txt",
        context=booking_mail_context(booking),
        attachments=[_ics(booking)],
    )


def _locked(booking: Booking) -> Booking:
    Resource.objects.select_for_update().filter(pk=booking.resource_id).first()
    return (
        Booking.objects.select_for_update(of=("self",)).select_related("resource__place", "person").get(pk=booking.pk)
    )


@transaction.atomic
def booking_confirm(*, actor: User, booking: Booking) -> Booking:
    locked = _locked(booking)
    _require_manager(actor, locked.resource.place)
    _transition(locked, action=Action.CONFIRM, role=Role.MANAGER, actor=actor)
    _tell_confirmed(locked)
    return locked


def _uncount(booking: Booking, days: set[dt.date]) -> None:
    """The booking no longer saves a commute (no seat left, or nobody came); its days go to the person's other
    records of those days, if any."""
    carried = booking.commute_days > 0
    if carried or booking.commute_method:
        booking_commute_fill(booking)
    if carried:
        recount_days(user=booking.person, days=days)


def _free(booking: Booking, *, now: dt.datetime | None = None) -> list[tuple[dt.date, str, int]]:
    """Delete the seats `booking` holds; what they were, for whoever hands them on (a waiting list)."""
    freed = list(booking.slots.order_by("day", "code").values_list("day", "code", "unit"))
    booking.slots.all().delete()
    _uncount(booking, {day for day, _code, _unit in freed})
    if freed:
        # The first in line gets the seats in this same transaction, under the resource's lock, before anyone else
        # can book them (services_waitlist registers itself; its e-mails leave after the commit).
        for handler in SEATS_FREED:
            handler(booking.resource_id, now)
    return freed


@transaction.atomic
def booking_refuse(*, actor: User, booking: Booking, reason: str) -> Booking:
    locked = _locked(booking)
    _require_manager(actor, locked.resource.place)
    locked.decision_reason = reason.strip()
    _transition(
        locked, action=Action.REFUSE, role=Role.MANAGER, actor=actor, reason=reason, save_fields=["decision_reason"]
    )
    _free(locked)
    if locked.person is not None and locked.person.email:
        notify(
            to=[locked.person.email],
            subject=_("Réservation refusée : %(resource)s") % {"resource": locked.resource.name},
            template="bookings/email/booking_refused.txt",
            context=booking_mail_context(locked),
            attachments=[_ics(locked)],
        )
    return locked


@dataclass(frozen=True)
class Cancellation:
    booking: Booking
    # (day, slot code, unit) of every seat given back: what a waiting list offers next.
    freed: list[tuple[dt.date, str, int]]


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking, reason: str = "", now: dt.datetime | None = None) -> Cancellation:
    """Cancel by the person who booked (within the resource's deadline) or by the place (with a reason). The seats
    are freed and returned."""
    now = now or timezone.now()
    locked = _locked(booking)
    place = locked.resource.place
    is_manager = user_manages(actor, place)
    by_person = locked.person_id is not None and locked.person_id == getattr(actor, "pk", None)
    by_place = not by_person or (is_manager and bool(reason.strip()))
    if not by_place:
        # A manager cancelling their own booking is bound by no deadline: they run the place.
        if not is_manager and locked.starts_at <= now:
            raise BookingError(_("Cette réservation a déjà commencé : elle ne s'annule plus."))
        if not is_manager and not availability.may_cancel(
            starts_at=locked.starts_at, deadline=locked.resource.rules.cancellation_deadline, now=now
        ):
            raise BookingError(
                _("Le délai d'annulation est passé (%(hours)s h avant le début) : prévenez directement le lieu.")
                % {"hours": locked.resource.cancellation_deadline_hours}
            )
        _transition(locked, action=Action.CANCEL, role=Role.MEMBER, actor=actor)
        to = manager_addresses(place)
    else:
        _require_manager(actor, place)
        locked.decision_reason = reason.strip()
        _transition(
            locked,
            action=Action.CANCEL_BY_PLACE,
            role=Role.MANAGER,
            actor=actor,
            reason=reason,
            save_fields=["decision_reason"],
        )
        to = [locked.person.email] if locked.person is not None and locked.person.email else []
    freed = _free(locked, now=now)
    notify(
        to=to,
        subject=_("Réservation annulée : %(resource)s") % {"resource": locked.resource.name},
        template="bookings/email/booking_cancelled.txt",
        context={**booking_mail_context(locked), "by_place": by_place},
        attachments=[_ics(locked)],
    )
    if not by_place and locked.person is not None and locked.person.email:
        # The person's own calendar drops the event too.
        notify(
            to=[locked.person.email],
            subject=_("Annulation enregistrée : %(resource)s") % {"resource": locked.resource.name},
            template="bookings/email/booking_cancelled_by_you.txt",
            context=booking_mail_context(locked),
            attachments=[_ics(locked)],
        )
    return Cancellation(booking=locked, freed=freed)


@transaction.atomic
def booking_mark_no_show(*, actor: User, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """The person did not come: recorded once the booking has begun. The seats stay held (they were)."""
    now = now or timezone.now()
    locked = _locked(booking)
    _require_manager(actor, locked.resource.place)
    if locked.starts_at > now:
        raise BookingError(_("Une absence se signale une fois la réservation commencée."))
    _transition(locked, action=Action.MARK_NO_SHOW, role=Role.MANAGER, actor=actor)
    _uncount(locked, set(locked.slots.values_list("day", flat=True)))
    return locked


@transaction.atomic
def booking_complete(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """A confirmed booking whose end has passed is done (for a periodic command)."""
    now = now or timezone.now()
    locked = _locked(booking)
    if locked.ends_at > now:
        raise BookingError(_("Cette réservation n'est pas encore finie."))
    _transition(locked, action=Action.COMPLETE, role=Role.SYSTEM, actor=None)
    return locked


def bookings_past(*, now: dt.datetime) -> list[Booking]:
    """The confirmed bookings that have ended by `now` (what bookings_complete_past completes)."""
    return list(
        Booking.objects.filter(status=BookingStatus.CONFIRMED, ends_at__lte=now)
        .select_related("resource")
        .order_by("pk")
    )


def bookings_complete_past(*, now: dt.datetime | None = None) -> int:
    """Every confirmed booking that has ended becomes done; how many."""
    now = now or timezone.now()
    count = 0
    for booking in bookings_past(now=now):
        booking_complete(booking=booking, now=now)
        count += 1
    return count


# --- Reminders (send_booking_reminders) -----------------------------------------------------------------------------


def bookings_to_remind(*, today: dt.date) -> list[Booking]:
    """The confirmed bookings that begin tomorrow (Paris) and have had no reminder yet, soonest first."""
    tomorrow = today + dt.timedelta(days=1)
    return list(
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            reminded_at__isnull=True,
            starts_at__gte=availability.local(tomorrow, dt.time(0, 0)),
            starts_at__lt=availability.local(tomorrow + dt.timedelta(days=1), dt.time(0, 0)),
            person__isnull=False,
        )
        .exclude(person__email="")
        .select_related("resource", "resource__place", "resource__place__commune", "person")
        .order_by("starts_at", "pk")
    )


def bookings_send_reminders(*, today: dt.date, wet_run: bool) -> list[Booking]:
    """Remind each person of their booking of tomorrow, once, with its .ics; in a dry run, only say whom."""
    due = bookings_to_remind(today=today)
    if not wet_run:
        return due
    sent = []
    for booking in due:
        with transaction.atomic():
            # Claim the booking first: a second run at the same time finds it taken and sends nothing.
            claimed = Booking.objects.filter(
                pk=booking.pk, reminded_at__isnull=True, status=BookingStatus.CONFIRMED
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            notify(
                to=[booking.person.email],  # type: ignore[union-attr]  # person__isnull=False above
                subject=_("Rappel : votre réservation de demain, %(resource)s") % {"resource": booking.resource.name},
                template="bookings/email/booking_reminder.txt",
                context=booking_mail_context(booking),
                attachments=[_ics(booking)],
            )
        sent.append(booking)
    return sent
