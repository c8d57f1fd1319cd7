"""Use cases of registrations: register (a signed-in person in one click, a visitor who confirms their address), the
waiting list and its offers, cancellations (by the person, the organiser, the event's cancellation), attendance,
reminders and the purge. Views, commands and the lead's event_cancel call these.

Never more than a site's capacity (ADR 0001, as bookings): every change that takes or frees a seat first locks the
site's row (select_for_update on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock),
then reads the event and the seats held under the lock, and gives the lowest free seat number 1..capacity. The seat
is a column under the unique constraint `registration_seat_once` (site, seat): if anything slipped past the lock,
the database refuses the second holder and the person reads a French refusal, never a 500. Lock order: the site,
then the registration. A seat freed (cancellation, lapsed offer) goes in the same transaction, under the same lock,
to the first in line (solozere.core.waiting_list), before anyone else can take it.

The line of a site is its waiting and offered registrations in the order they entered it (confirmed_at, pk): a
person signed in enters it when they register, a visitor when they confirm their address."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from solozere.accounts.models import User
from solozere.accounts.selectors import has_verified_email
from solozere.core import waiting_list
from solozere.core.calendar import PARIS
from solozere.core.mail import absolute_url, notify
from solozere.core.private_links import CONFIRMATION_HOURS
from solozere.core.templatetags.french_dates import french_date, french_datetime
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.events.calendar_registration import (
    CALENDAR_STATES,
    online_link,
    private_url,
    registration_ics,
)
from solozere.events.models import Event, EventSite, Registration, RegistrationLog, new_token
from solozere.events.selectors import may_organise
from solozere.events.services import EventChanges
from solozere.events.workflow import (
    LIVE_STATES,
    REGISTRATION_WORKFLOW,
    EventStatus,
    RegistrationAction,
    RegistrationRole,
    RegistrationStatus,
)

IN_LINE = (RegistrationStatus.WAITING, RegistrationStatus.OFFERED)


class RegistrationError(Exception):
    """A refusal with a French message for the person who tried. `code` names the few refusals a view handles in
    its own way ("expired": a confirmation link too old; "offer_expired": an offer that has lapsed)."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- Small helpers ------------------------------------------------------------------------------------------------


def confirm_url(registration: Registration) -> str:
    return absolute_url(reverse("events:registration_confirm", args=[registration.token]))


def offer_duration() -> dt.timedelta:
    return dt.timedelta(hours=settings.EVENT_WAITLIST_OFFER_HOURS)


def retention_days() -> int:
    return int(settings.EVENT_REGISTRATION_RETENTION_DAYS)


def confirmation_expires_at(registration: Registration) -> dt.datetime:
    return registration.created_at + dt.timedelta(hours=CONFIRMATION_HOURS)


def _clock(value: dt.datetime) -> str:
    # A non-breaking space: "11 h" never splits at the end of a line.
    return f"{value.hour}\u00a0h" if value.minute == 0 else f"{value.hour}\u00a0h\u00a0{value.minute:02d}"


def event_when(event: Event) -> str:
    """ "jeudi 3 décembre 2026, 9 h \u2013 11 h", or "du … au …" over several days, in Paris time."""
    return when(event.starts_at, event.ends_at)


def when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start = starts_at.astimezone(PARIS)
    end = ends_at.astimezone(PARIS)
    day = f"{date_format(start, 'l')} {french_date(start)}"
    if start.date() == end.date():
        return f"{day}, {_clock(start)} \u2013 {_clock(end)}"
    return _("du %(start)s au %(end)s") % {"start": french_datetime(start), "end": french_datetime(end)}


def mail_context(registration: Registration, **more: Any) -> dict[str, Any]:
    """What every e-mail about a registration shows."""
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "site": registration.site,
        "when": event_when(event),
        "event_url": absolute_url(event.get_absolute_url()),
        "private_url": private_url(registration),
        "online_link": online_link(registration),
        "retention_days": retention_days(),
        **more,
    }


def _tell(registration: Registration, *, subject: str, template: str, ics: bool, **more: Any) -> None:
    if not registration.email:
        return
    notify(
        to=[registration.email],
        subject=subject % {"event": registration.event.title},
        template=template,
        context=mail_context(registration, **more),
        attachments=[registration_ics(registration)] if ics else [],
    )


def _transition(
    registration: Registration,
    *,
    action: str,
    role: str,
    actor: Any,
    reason: str = "",
    save_fields: tuple[str, ...] = (),
) -> None:
    try:
        apply_transition(
            workflow=REGISTRATION_WORKFLOW,
            obj=registration,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=RegistrationLog,
            save_fields=save_fields,
            registration=registration,
        )
    except TransitionNotAllowed as error:
        raise RegistrationError(error.message) from None


def refusal(event: Event, *, now: dt.datetime) -> str:
    """ "" when one may register for `event` now; otherwise why not, in French."""
    if event.status == EventStatus.CANCELLED:
        return _("Cet événement est annulé : on ne peut plus s'y inscrire.")
    if event.status == EventStatus.DRAFT or not event.status:
        return _("Cet événement n'est pas encore publié : on ne peut pas s'y inscrire.")
    if event.status == EventStatus.HELD or event.starts_at <= now:
        return _("Cet événement a déjà commencé ou est passé : les inscriptions sont closes.")
    if not event.registration_open:
        return _("Les inscriptions à cet événement sont closes.")
    return ""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def live_registration(event: Event, email: str) -> Registration | None:
    return (
        Registration.objects.filter(event=event, email=normalise_email(email), status__in=LIVE_STATES)
        .select_related("site")
        .first()
    )


def _lock_site(site_id: int) -> EventSite:
    """Lock the site's row first; the event and the seats are read after, under the lock."""
    locked = EventSite.objects.select_for_update(of=("self",)).get(pk=site_id)
    # Read afresh, after the lock: an event cancelled meanwhile is seen as such.
    locked.event = Event.objects.get(pk=locked.event_id)
    return locked


def _locked(registration: Registration) -> tuple[EventSite, Registration]:
    site = _lock_site(registration.site_id)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("site__place__commune", "site__commune", "user")
        .get(pk=registration.pk)
    )
    locked.event = site.event
    return site, locked


def held_seats(site: EventSite) -> set[int]:
    seats = Registration.objects.filter(site=site, seat__isnull=False).values_list("seat", flat=True)
    return {seat for seat in seats if seat is not None}


def _lowest_free(site: EventSite, held: set[int]) -> int | None:
    """The lowest seat number no one holds, while fewer seats are held than the site has: a capacity lowered
    under a held seat's number (seats 1, 3, 4, 5 held, capacity now 4) never lets a fifth person in."""
    if len(held) >= site.capacity:
        return None
    return next((seat for seat in range(1, site.capacity + 1) if seat not in held), None)


def position(registration: Registration) -> int:
    """1 for the first in line of its site."""
    if registration.confirmed_at is None:
        return 0
    ahead = Registration.objects.filter(
        site_id=registration.site_id, status=RegistrationStatus.WAITING, confirmed_at__lt=registration.confirmed_at
    ).count()
    same_time = Registration.objects.filter(
        site_id=registration.site_id,
        status=RegistrationStatus.WAITING,
        confirmed_at=registration.confirmed_at,
        pk__lt=registration.pk,
    ).count()
    return ahead + same_time + 1


# --- Taking a seat --------------------------------------------------------------------------------------------------


def _seat_or_line(registration: Registration, site: EventSite, *, now: dt.datetime, actor: Any) -> None:
    """Under the site's lock: the lowest free seat, or the waiting list when none is free or people already wait (a
    newcomer never overtakes the line). The database refuses a seat given twice; the person then reads why."""
    held = held_seats(site)
    someone_waits = Registration.objects.filter(site=site, status=RegistrationStatus.WAITING).exists()
    seat = None if someone_waits else _lowest_free(site, held)
    registration.seat = seat
    registration.offer_expires_at = None
    action = RegistrationAction.REGISTER if seat is not None else RegistrationAction.JOIN_WAITLIST
    try:
        with transaction.atomic():
            _transition(
                registration,
                action=action,
                role=RegistrationRole.REGISTRANT,
                actor=actor,
                save_fields=("seat", "offer_expires_at", "confirmed_at"),
            )
    except IntegrityError:
        # Only reachable if a writer slipped past the lock: the database has the last word.
        registration.seat = None
        if (
            Registration.objects.filter(
                event_id=registration.event_id, email=registration.email, status__in=LIVE_STATES
            )
            .exclude(pk=registration.pk)
            .exists()
        ):
            raise RegistrationError(_("Vous êtes déjà inscrit ou inscrite à cet événement.")) from None
        raise RegistrationError(
            _("Cette place vient d'être prise par quelqu'un d'autre : renvoyez le formulaire pour vous inscrire.")
        ) from None
    if seat is None and _lowest_free(site, held) is not None:
        # A seat was free but people waited for it: the first in line gets it now.
        _offer_round(site, now=now, wet_run=True)


def _tell_outcome(registration: Registration) -> None:
    if registration.status == RegistrationStatus.REGISTERED:
        _tell(
            registration,
            subject=_("Inscription confirmée : %(event)s"),
            template="events/email/registration_confirmed.txt",
            ics=True,
        )
    else:
        _tell(
            registration,
            subject=_("Liste d'attente : %(event)s"),
            template="events/email/registration_waiting.txt",
            ics=False,
            position=position(registration),
        )


@transaction.atomic
def registration_register(
    *, actor: User, site: EventSite, answers: dict[str, str] | None = None, now: dt.datetime | None = None
) -> Registration:
    """A signed-in person registers in one click: a seat of `site`, or the waiting list when it is full. Their name
    and address are copied from the account. Raises RegistrationError (nothing written)."""
    now = now or timezone.now()
    locked = _lock_site(site.pk)
    if reason := refusal(locked.event, now=now):
        raise RegistrationError(reason)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise RegistrationError(_("Connectez-vous pour vous inscrire en un clic."))
    if not has_verified_email(actor):
        raise RegistrationError(
            _("Confirmez d'abord l'adresse e-mail de votre compte (le lien vous a été envoyé), puis inscrivez-vous.")
        )
    email = normalise_email(actor.email)
    if (existing := live_registration(locked.event, email)) is not None:
        raise RegistrationError(
            _("Vous êtes déjà inscrit ou inscrite à cet événement (%(site)s) : voyez « Mes inscriptions ».")
            % {"site": existing.site.name}
        )
    registration = Registration(
        event=locked.event,
        site=locked,
        user=actor,
        name=(actor.get_full_name() or email)[:150],
        email=email,
        answers=answers or {},
        confirmed_at=now,
    )
    _seat_or_line(registration, locked, now=now, actor=actor)
    _tell_outcome(registration)
    return registration


@dataclass(frozen=True)
class VisitorRequest:
    """What a visitor's request did: "sent" (a confirmation link), "resent" (the pending one, updated), or
    "already" (they are registered: their private link is sent again). The page says the same in all three cases
    (check your mailbox), so that nobody learns who is registered."""

    outcome: str
    registration: Registration


@transaction.atomic
def registration_request(
    *,
    site: EventSite,
    name: str,
    email: str,
    answers: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> VisitorRequest:
    """A visitor without an account asks to register: nothing is held until they confirm their address by the link
    e-mailed to them (valid CONFIRMATION_HOURS). Raises RegistrationError when the event refuses registrations."""
    now = now or timezone.now()
    locked = _lock_site(site.pk)
    if reason := refusal(locked.event, now=now):
        raise RegistrationError(reason)
    email = normalise_email(email)
    name = " ".join(name.split())[:150]
    existing = live_registration(locked.event, email)
    if existing is not None and existing.status == RegistrationStatus.PENDING:
        if confirmation_expires_at(existing) > now:
            # The same link again, with what they chose this time (a pending request holds nothing).
            existing.site, existing.name, existing.answers = locked, name, answers or {}
            existing.save(update_fields=["site", "name", "answers", "updated_at"])
            _tell_confirm_link(existing)
            return VisitorRequest("resent", existing)
        existing.delete()  # never confirmed, its link expired: as the purge would
        existing = None
    if existing is not None:
        _tell(
            existing,
            subject=_("Vous êtes déjà inscrit : %(event)s"),
            template="events/email/registration_already.txt",
            ics=False,
        )
        return VisitorRequest("already", existing)
    registration = Registration(event=locked.event, site=locked, name=name, email=email, answers=answers or {})
    try:
        with transaction.atomic():
            _transition(registration, action=RegistrationAction.REQUEST, role=RegistrationRole.REGISTRANT, actor=None)
    except IntegrityError:
        # The same address at the same moment (another site of the event, locked apart): one request is enough.
        raise RegistrationError(
            _("Une demande d'inscription avec cette adresse vient d'être envoyée : regardez votre boîte e-mail.")
        ) from None
    _tell_confirm_link(registration)
    return VisitorRequest("sent", registration)


def _tell_confirm_link(registration: Registration) -> None:
    notify(
        to=[registration.email],
        subject=_("Confirmez votre inscription : %(event)s") % {"event": registration.event.title},
        template="events/email/registration_confirm_address.txt",
        context=mail_context(
            registration,
            confirm_url=confirm_url(registration),
            hours=CONFIRMATION_HOURS,
            expires_at=confirmation_expires_at(registration),
        ),
    )


@transaction.atomic
def registration_confirm(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The visitor's address is confirmed by the link: a seat, or the waiting list. A registration already
    confirmed is returned as it is (the link clicked twice). Raises RegistrationError (code "expired" for a link
    past its time)."""
    now = now or timezone.now()
    site, locked = _locked(registration)
    if locked.status in LIVE_STATES and locked.status != RegistrationStatus.PENDING:
        return locked
    if locked.status != RegistrationStatus.PENDING:
        raise RegistrationError(_("Cette inscription a été annulée : inscrivez-vous de nouveau depuis la page."))
    if confirmation_expires_at(locked) <= now:
        raise RegistrationError(
            _(
                "Ce lien de confirmation a expiré (il était valable %(hours)s heures) : inscrivez-vous de nouveau "
                "depuis la page de l'événement."
            )
            % {"hours": CONFIRMATION_HOURS},
            code="expired",
        )
    if reason := refusal(site.event, now=now):
        raise RegistrationError(reason)
    locked.confirmed_at = now
    _seat_or_line(locked, site, now=now, actor=None)
    _tell_outcome(locked)
    return locked


# --- The waiting list ----------------------------------------------------------------------------------------------


@dataclass
class OfferRound:
    """What one round did (or, in a dry run, would do) for one site."""

    site: EventSite
    offered: list[Registration] = field(default_factory=list)
    lapsed: list[Registration] = field(default_factory=list)


def _offer_round(site: EventSite, *, now: dt.datetime, wet_run: bool) -> OfferRound:
    """Under the site's lock (taken by the caller): lapse the offers past their time, then offer each free seat to
    the first in line, until the event starts (solozere.core.waiting_list.plan_offers)."""
    result = OfferRound(site=site)
    line = list(Registration.objects.filter(site=site, status__in=IN_LINE).order_by("confirmed_at", "pk"))
    if not line:
        return result
    for registration in line:
        registration.site, registration.event = site, site.event
    by_pk: dict[Any, Registration] = {registration.pk: registration for registration in line}
    registered = {
        seat
        for seat in Registration.objects.filter(
            site=site, status=RegistrationStatus.REGISTERED, seat__isnull=False
        ).values_list("seat", flat=True)
        if seat is not None
    }
    queue = [
        waiting_list.Entry(
            key=registration.pk,
            offer_expires_at=(registration.offer_expires_at or now + offer_duration())
            if registration.status == RegistrationStatus.OFFERED
            else None,
        )
        for registration in line
    ]
    plan = waiting_list.plan_offers(
        queue,
        free=max(0, site.capacity - len(registered)),
        now=now,
        duration=offer_duration(),
        deadline=site.event.starts_at,
    )
    result.lapsed = [by_pk[key] for key in plan.lapsed]
    held = registered | {seat for key in plan.running if (seat := by_pk[key].seat) is not None}
    for offer in plan.new:
        registration = by_pk[offer.key]
        seat = _lowest_free(site, held)
        if seat is None:
            break
        held.add(seat)
        registration.seat = seat
        registration.offer_expires_at = offer.expires_at
        result.offered.append(registration)
    if wet_run:
        _apply(result, now=now)
    # In a dry run the rows read here are dropped unsaved: they only say what the wet run would do.
    return result


def _apply(result: OfferRound, *, now: dt.datetime) -> None:
    # The lapsed seats are given back first: a new offer may take the same number.
    for registration in result.lapsed:
        registration.seat = None
        _transition(
            registration,
            action=RegistrationAction.LAPSE,
            role=RegistrationRole.SYSTEM,
            actor=None,
            save_fields=("seat",),
        )
        _tell(
            registration,
            subject=_("Proposition expirée : %(event)s"),
            template="events/email/registration_lapsed.txt",
            ics=True,
        )
    for registration in result.offered:
        _transition(
            registration,
            action=RegistrationAction.OFFER,
            role=RegistrationRole.SYSTEM,
            actor=None,
            save_fields=("seat", "offer_expires_at"),
        )
        _tell(
            registration,
            subject=_("Une place s'est libérée : %(event)s"),
            template="events/email/registration_offer.txt",
            ics=True,
            expires_at=registration.offer_expires_at,
        )


@transaction.atomic
def registration_offer_round(*, site: EventSite, now: dt.datetime | None = None, wet_run: bool = True) -> OfferRound:
    """Sweep the lapsed offers of `site`, then offer its free seats to the first in line. A dry run makes the same
    selection and writes and sends nothing."""
    now = now or timezone.now()
    return _offer_round(_lock_site(site.pk), now=now, wet_run=wet_run)


def registration_offer_rounds(*, now: dt.datetime | None = None, wet_run: bool) -> list[OfferRound]:
    """One round for every site with people in line, of the events not over (the periodic command)."""
    now = now or timezone.now()
    ids = (
        Registration.objects.filter(status__in=IN_LINE, event__ends_at__gt=now)
        .values_list("site_id", flat=True)
        .distinct()
        .order_by()
    )
    rounds = []
    for site in EventSite.objects.filter(pk__in=list(ids)).select_related("event", "place").order_by("pk"):
        rounds.append(registration_offer_round(site=site, now=now, wet_run=wet_run))
    return rounds


@transaction.atomic
def registration_accept(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The person takes the seat offered to them. Raises RegistrationError (code "offer_expired" when the offer has
    lapsed: the caller then runs the site's round, which hands the seat to the next in line)."""
    now = now or timezone.now()
    _site, locked = _locked(registration)
    if locked.status == RegistrationStatus.REGISTERED:
        return locked
    if locked.status != RegistrationStatus.OFFERED or locked.offer_expires_at is None or locked.offer_expires_at <= now:
        raise RegistrationError(
            _(
                "Cette proposition a expiré : la place est passée à la personne suivante de la liste d'attente. "
                "Vous pouvez vous inscrire de nouveau : vous serez en fin de liste."
            ),
            code="offer_expired",
        )
    locked.offer_expires_at = None
    _transition(
        locked,
        action=RegistrationAction.ACCEPT,
        role=RegistrationRole.REGISTRANT,
        actor=locked.user,
        save_fields=("offer_expires_at",),
    )
    _tell_outcome(locked)
    return locked


# --- Cancellations ---------------------------------------------------------------------------------------------------


def _release(
    site: EventSite,
    registration: Registration,
    *,
    action: str,
    role: str,
    actor: Any,
    reason: str = "",
    now: dt.datetime,
) -> str:
    """Cancel `registration` (locked), give its seat to the first in line; the state it had."""
    had = registration.status
    had_seat = registration.seat is not None
    registration.seat = None
    registration.offer_expires_at = None
    _transition(
        registration,
        action=action,
        role=role,
        actor=actor,
        reason=reason,
        save_fields=("seat", "offer_expires_at"),
    )
    if had_seat:
        _offer_round(site, now=now, wet_run=True)
    return had


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: Any = None, now: dt.datetime | None = None
) -> Registration:
    """The person cancels (from their page or the private link: the caller checked it is theirs). Refused once the
    event has begun."""
    now = now or timezone.now()
    site, locked = _locked(registration)
    if locked.status not in LIVE_STATES:
        raise RegistrationError(_("Cette inscription n'est plus en cours : rien à annuler."))
    if site.event.starts_at <= now:
        raise RegistrationError(_("L'événement a commencé : l'inscription ne s'annule plus."))
    had = _release(
        site,
        locked,
        action=RegistrationAction.CANCEL,
        role=RegistrationRole.REGISTRANT,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        now=now,
    )
    if had != RegistrationStatus.PENDING:
        _tell(
            locked,
            subject=_("Inscription annulée : %(event)s"),
            template="events/email/registration_cancelled.txt",
            ics=had in CALENDAR_STATES,
        )
    return locked


@transaction.atomic
def registration_cancel_by_organiser(
    *, actor: User, registration: Registration, reason: str, now: dt.datetime | None = None
) -> Registration:
    """The organiser cancels someone's registration, with a reason the person receives."""
    now = now or timezone.now()
    site, locked = _locked(registration)
    if not may_organise(actor, site.event):
        raise RegistrationError(_("Seuls les organisateurs de l'événement gèrent ses inscriptions."))
    if locked.status not in LIVE_STATES:
        raise RegistrationError(_("Cette inscription n'est plus en cours : rien à annuler."))
    had = _release(
        site,
        locked,
        action=RegistrationAction.CANCEL_BY_ORGANISER,
        role=RegistrationRole.ORGANISER,
        actor=actor,
        reason=reason,
        now=now,
    )
    if had != RegistrationStatus.PENDING:
        _tell(
            locked,
            subject=_("Inscription annulée par l'organisateur : %(event)s"),
            template="events/email/registration_cancelled_by_organiser.txt",
            ics=had in CALENDAR_STATES,
            reason=reason.strip(),
        )
    return locked


@transaction.atomic
def registrations_event_cancelled(*, event: Event, reason: str, actor: Any) -> list[Registration]:
    """For the event's cancellation (the caller cancels the event itself, in the same transaction): every live
    registration is cancelled, and each person who had confirmed is told, with a CANCEL .ics. The sites are locked
    first, in a stated order, so that a registration being taken meanwhile is either seen here or refused there."""
    sites = {
        site.pk: site for site in EventSite.objects.select_for_update(of=("self",)).filter(event=event).order_by("pk")
    }
    rows = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, status__in=LIVE_STATES)
        .select_related("site__place__commune", "site__commune")
        .order_by("pk")
    )
    fresh = Event.objects.get(pk=event.pk)
    for registration in rows:
        registration.event = fresh
        registration.site = sites.get(registration.site_id, registration.site)
        had = registration.status
        registration.seat = None
        registration.offer_expires_at = None
        _transition(
            registration,
            action=RegistrationAction.EVENT_CANCELLED,
            role=RegistrationRole.SYSTEM,
            actor=actor,
            reason=reason,
            save_fields=("seat", "offer_expires_at"),
        )
        if had != RegistrationStatus.PENDING:
            _tell(
                registration,
                subject=_("Événement annulé : %(event)s"),
                template="events/email/registration_event_cancelled.txt",
                ics=True,
                reason=reason.strip(),
            )
    return rows


def registrations_event_changed(*, event: Event, changes: EventChanges, actor: Any) -> list[Registration]:
    """For an edit of the published `event` (the caller saved it, its sequence grown, in this transaction): each
    person concerned is told what changed. Registered people and those holding an offer get the new .ics (it
    replaces the one they have, by its SEQUENCE); people on the waiting list are told too, without an .ics (they
    hold none), because a new time or place may change their mind, but not of a new link, which they do not get.
    A change of one site concerns only the people of that site. Unconfirmed requests and cancelled registrations
    are not written to."""
    rows = (
        Registration.objects.filter(
            event=event,
            status__in=(RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING),
        )
        .exclude(email="")
        .select_related("site__place__commune", "site__commune")
        .order_by("pk")
    )
    told = []
    for registration in rows:
        registration.event = event
        waiting = registration.status == RegistrationStatus.WAITING
        site_changes = changes.sites.get(registration.site_id, frozenset())
        moved = bool(site_changes & {"place_id", "address", "commune_id"})
        new_link = "online_url" in site_changes and not waiting
        if not (changes.schedule or moved or new_link):
            continue
        _tell(
            registration,
            subject=_("Changement d'horaire ou de lieu : %(event)s"),
            template="events/email/registration_event_changed.txt",
            ics=not waiting,
            schedule=changes.schedule,
            when_before=when(changes.starts_at_before, changes.ends_at_before),
            moved=moved,
            new_link=new_link,
            waiting=waiting,
            offered=registration.status == RegistrationStatus.OFFERED,
            position=position(registration) if waiting else 0,
        )
        told.append(registration)
    return told


def registrations_site_grown(*, site: EventSite, now: dt.datetime) -> OfferRound:
    """A site (locked by the organiser's edit, its event read) has more seats: they go at once to its waiting
    list, by the same round as a freed seat."""
    return _offer_round(site, now=now, wet_run=True)


# --- Attendance --------------------------------------------------------------------------------------------------


def attendance_opens(event: Event) -> dt.date:
    """The attendance sheet is filled from the day of the event (Paris)."""
    return event.starts_at.astimezone(PARIS).date()


@transaction.atomic
def registration_mark_attendance(
    *, actor: User, registration: Registration, attended: bool, now: dt.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    locked = Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    if not may_organise(actor, locked.event):
        raise RegistrationError(_("Seuls les organisateurs de l'événement tiennent sa feuille de présence."))
    if locked.status != RegistrationStatus.REGISTERED or locked.purged_at is not None:
        raise RegistrationError(_("Seules les personnes inscrites figurent sur la feuille de présence."))
    if now.astimezone(PARIS).date() < attendance_opens(locked.event):
        raise RegistrationError(
            _("La feuille de présence se remplit à partir du jour de l'événement (%(day)s).")
            % {"day": french_date(locked.event.starts_at)}
        )
    locked.attended = attended
    locked.attendance_marked_at = now
    locked.save(update_fields=["attended", "attendance_marked_at", "updated_at"])
    return locked


# --- Reminders (send_event_reminders) -----------------------------------------------------------------------------


def _paris_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS)


def registrations_to_remind(*, today: dt.date) -> list[Registration]:
    """The registered people of the published events that begin tomorrow (Paris), not yet reminded."""
    tomorrow = today + dt.timedelta(days=1)
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gte=_paris_midnight(tomorrow),
            event__starts_at__lt=_paris_midnight(tomorrow + dt.timedelta(days=1)),
        )
        .exclude(email="")
        .select_related("event", "site__place__commune", "site__commune")
        .order_by("event__starts_at", "pk")
    )


def registrations_send_reminders(*, today: dt.date, wet_run: bool) -> list[Registration]:
    """Remind each person the day before, once, with the .ics; in a dry run, only say whom."""
    due = registrations_to_remind(today=today)
    if not wet_run:
        return due
    sent = []
    for registration in due:
        with transaction.atomic():
            # Claim the row first: a second run at the same time finds it taken and sends nothing.
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True, status=RegistrationStatus.REGISTERED
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            _tell(
                registration,
                subject=_("Rappel : %(event)s, demain"),
                template="events/email/registration_reminder.txt",
                ics=True,
            )
        sent.append(registration)
    return sent


# --- The purge (purge_event_registrations) ---------------------------------------------------------------------------


@dataclass
class Purge:
    erased: list[Registration] = field(default_factory=list)  # names, addresses and answers to erase
    expired_requests: list[Registration] = field(default_factory=list)  # never confirmed: deleted


def _to_erase(now: dt.datetime) -> QuerySet[Registration]:
    cutoff = now - dt.timedelta(days=retention_days())
    return (
        Registration.objects.filter(event__ends_at__lte=cutoff, purged_at__isnull=True)
        .exclude(status=RegistrationStatus.PENDING)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def _expired_requests(now: dt.datetime) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            status=RegistrationStatus.PENDING, created_at__lte=now - dt.timedelta(hours=CONFIRMATION_HOURS)
        )
        .select_related("event")
        .order_by("pk")
    )


def erase(registration: Registration, *, now: dt.datetime) -> None:
    """Empty what names the person; the row keeps its status and attendance for the counts. Its private link dies."""
    registration.name = ""
    registration.email = ""
    registration.answers = {}
    registration.user = None
    registration.purged_at = now
    registration.token = new_token()


ERASED_FIELDS = ["name", "email", "answers", "user", "purged_at", "token", "updated_at"]


def registrations_purge(*, now: dt.datetime | None = None, wet_run: bool) -> Purge:
    """EVENT_REGISTRATION_RETENTION_DAYS after an event, erase its registrants' data; delete the requests never
    confirmed whose link has expired. In a dry run, only say what."""
    now = now or timezone.now()
    result = Purge(erased=list(_to_erase(now)), expired_requests=list(_expired_requests(now)))
    if not wet_run:
        return result
    with transaction.atomic():
        for registration in result.erased:
            erase(registration, now=now)
            registration.updated_at = now
        Registration.objects.bulk_update(result.erased, ERASED_FIELDS, batch_size=500)
        Registration.objects.filter(pk__in=[row.pk for row in result.expired_requests]).delete()
    return result


# --- Personal data (registered in EventsConfig.ready) -------------------------------------------------------------


def registrations_anonymise(*, user: Any, today: dt.date | None = None) -> None:
    """Before the account goes: its registrations to come are cancelled (their seats go to the next in line, nobody
    is e-mailed), and every registration of the account loses the name, address and answers."""
    now = timezone.now()
    upcoming = Registration.objects.filter(user=user, status__in=LIVE_STATES, event__starts_at__gt=now).order_by("pk")
    for registration in upcoming:
        with transaction.atomic():
            site, locked = _locked(registration)
            if locked.status in LIVE_STATES:
                _release(
                    site,
                    locked,
                    action=RegistrationAction.CANCEL,
                    role=RegistrationRole.REGISTRANT,
                    actor=None,
                    now=now,
                )
    rows = list(Registration.objects.filter(user=user))
    for registration in rows:
        erase(registration, now=now)
        registration.updated_at = now
    Registration.objects.bulk_update(rows, ERASED_FIELDS, batch_size=500)
