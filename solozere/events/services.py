"""Use cases of the organiser: create, edit, publish, cancel and close events and series. Views, commands and
tests call these; registrations, contributions and the survey have their own modules.

Who may: the staff for any event; a place's managers for the events their place organises; a partner
organisation's agents for the events their organisation organises (selectors.may_organise). A change of time or
place grows the event's `sequence`, so that the .ics the registrants received is superseded."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from solozere.accounts.models import User
from solozere.accounts.roles import is_network_staff
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.events import recurrence
from solozere.events.models import Event, EventLog, EventSeries, EventSite, Question, SiteKind
from solozere.events.reference import RENCONTRES_2011
from solozere.events.selectors import may_organise
from solozere.events.workflow import EVENT_WORKFLOW, SEAT_STATES, EventAction, EventRole, EventStatus
from solozere.organisations.models import Organisation
from solozere.organisations.selectors import organisations_of_agent
from solozere.places.models import Place
from solozere.places.selectors import places_managed_by
from solozere.territory.selectors import lookup_commune

# Fields whose change a registrant must hear of: they grow the sequence of the event's .ics.
SCHEDULE_FIELDS = ("starts_at", "ends_at")


class EventError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SiteData:
    """One site as the organiser's form gives it."""

    kind: str
    capacity: int
    place: Place | None = None
    address: str = ""
    commune: Any = None
    online_url: str = ""


@dataclass(frozen=True)
class QuestionData:
    label: str
    kind: str
    choices: str = ""
    required: bool = False


@dataclass(frozen=True)
class Organiser:
    """Who organises: a place, organisations, or the network's staff (neither)."""

    place: Place | None = None
    organisations: Sequence[Organisation] = field(default_factory=tuple)


# Listeners told when an event is cancelled, inside the cancelling transaction (registrations cancel theirs and
# tell each person): registered by the modules that hold what an event has, so that this one imports none of them.
EVENT_CANCELLED: list[Callable[..., object]] = []


def _check_organiser(actor: User, organiser: Organiser) -> None:
    """`actor` may organise in the name of `organiser`, or EventError."""
    if is_network_staff(actor):
        return
    if organiser.place is None and not organiser.organisations:
        raise EventError(_("Seule l'équipe du réseau organise en son nom : choisissez votre lieu ou votre structure."))
    if organiser.place is not None and not places_managed_by(actor).filter(pk=organiser.place.pk).exists():
        raise EventError(_("Vous ne gérez pas ce lieu : vous ne pouvez pas organiser en son nom."))
    mine = set(organisations_of_agent(actor).values_list("pk", flat=True))
    for organisation in organiser.organisations:
        if organisation.pk not in mine:
            raise EventError(
                _("Vous n'êtes pas agent de « %(organisation)s » : vous ne pouvez pas organiser en son nom.")
                % {"organisation": organisation}
            )


def _require(actor: User, event: Event) -> None:
    if not may_organise(actor, event):
        raise EventError(_("Vous n'organisez pas cet événement."))


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise EventError(_("La fin de l'événement doit venir après son début."))


def _check_sites(sites: Sequence[SiteData]) -> None:
    if not sites:
        raise EventError(_("Indiquez au moins un site : un lieu du réseau, une adresse ou en ligne."))
    places = [site.place.pk for site in sites if site.place is not None]
    if len(places) != len(set(places)):
        raise EventError(_("Un même lieu est indiqué deux fois."))
    for site in sites:
        if site.capacity < 1:
            raise EventError(_("Le nombre de places d'un site est d'au moins 1."))


def unique_slug(title: str, starts_at: dt.datetime, *, exclude: int | None = None) -> str:
    base = slugify(f"{title} {timezone.localtime(starts_at):%Y-%m-%d}")[:100] or "evenement"
    slug, number = base, 2
    taken = Event.objects.exclude(pk=exclude) if exclude else Event.objects.all()
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _write_sites(event: Event, sites: Sequence[SiteData]) -> None:
    """Replace the event's sites by `sites`, keeping the rows (and their registrations) of the places and addresses
    still there. A site that holds registrations cannot be removed or shrunk below what it holds."""
    existing = list(EventSite.objects.select_for_update().filter(event=event).order_by("position", "pk"))
    kept: set[int] = set()
    for position, data in enumerate(sites):
        match = next(
            (
                s
                for s in existing
                if s.pk not in kept
                and s.kind == data.kind
                and (s.place_id == (data.place.pk if data.place else None))
                and (data.kind == SiteKind.PLACE or s.address == data.address or s.online_url == data.online_url)
            ),
            None,
        )
        site = match or EventSite(event=event)
        if match is not None:
            held = match.registrations.filter(status__in=SEAT_STATES).count()
            if data.capacity < held:
                raise EventError(
                    _("Le site « %(site)s » a déjà %(held)s inscrits : sa capacité ne peut pas descendre en dessous.")
                    % {"site": match.name, "held": held}
                )
        site.kind = data.kind
        site.place = data.place if data.kind == SiteKind.PLACE else None
        site.address = data.address if data.kind == SiteKind.ADDRESS else ""
        site.commune = data.commune if data.kind == SiteKind.ADDRESS else None
        site.online_url = data.online_url if data.kind == SiteKind.ONLINE else ""
        site.capacity = data.capacity
        site.position = position
        site.full_clean(exclude=["event"])
        site.save()
        kept.add(site.pk)
    for site in existing:
        if site.pk not in kept:
            if site.registrations.exists():
                raise EventError(
                    _("Le site « %(site)s » a des inscriptions : il ne peut pas être retiré.") % {"site": site.name}
                )
            site.delete()


def _write_questions(event: Event, questions: Iterable[QuestionData]) -> None:
    """The event's questions become `questions`, in order. The rows are kept, position by position, because the
    registrants' answers are stored under their ids: an edit never detaches the answers already given."""
    existing = list(Question.objects.filter(event=event).order_by("position", "pk"))
    wanted = list(questions)
    for index, data in enumerate(wanted):
        row = existing[index] if index < len(existing) else Question(event=event)
        row.label, row.kind, row.choices, row.required, row.position = (
            data.label,
            data.kind,
            data.choices,
            data.required,
            index,
        )
        row.save()
    Question.objects.filter(pk__in=[row.pk for row in existing[len(wanted) :]]).delete()


@transaction.atomic
def event_create(
    *,
    actor: User,
    organiser: Organiser,
    fields: dict[str, Any],
    sites: Sequence[SiteData],
    questions: Sequence[QuestionData] = (),
    series: EventSeries | None = None,
) -> Event:
    """A new draft event. `fields` are the model's own (title, kind, summary, description, starts_at, ends_at,
    registration_open, contributions_open...)."""
    _check_organiser(actor, organiser)
    _check_times(fields["starts_at"], fields["ends_at"])
    _check_sites(sites)
    event = Event(**fields, organiser_place=organiser.place, created_by=actor, series=series)
    event.slug = unique_slug(event.title, event.starts_at)
    apply_transition(
        workflow=EVENT_WORKFLOW,
        obj=event,
        action=EventAction.CREATE,
        role=EventRole.ORGANISER,
        actor=actor,
        log_model=EventLog,
        event=event,
    )
    event.organisations.set(organiser.organisations)
    _write_sites(event, sites)
    _write_questions(event, questions)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    fields: dict[str, Any],
    sites: Sequence[SiteData],
    questions: Sequence[QuestionData] | None = None,
) -> Event:
    """Save an edit. A cancelled or held event is not edited; a change of time or of sites grows `sequence`."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _require(actor, locked)
    if locked.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise EventError(_("Un événement annulé ou passé ne se modifie plus."))
    _check_times(fields.get("starts_at", locked.starts_at), fields.get("ends_at", locked.ends_at))
    _check_sites(sites)
    before = {name: getattr(locked, name) for name in SCHEDULE_FIELDS}
    sites_before = list(locked.sites.values_list("kind", "place_id", "address", "online_url"))
    for name, value in fields.items():
        setattr(locked, name, value)
    _write_sites(locked, sites)
    sites_after = list(locked.sites.values_list("kind", "place_id", "address", "online_url"))
    if any(getattr(locked, name) != value for name, value in before.items()) or sites_before != sites_after:
        locked.sequence += 1
    locked.full_clean(exclude=["slug", "organisations"])
    locked.save()
    if questions is not None:
        _write_questions(locked, questions)
    return locked


def _transition(event: Event, *, action: str, actor: Any, role: str = EventRole.ORGANISER, reason: str = "") -> None:
    try:
        apply_transition(
            workflow=EVENT_WORKFLOW,
            obj=event,
            action=action,
            role=role,
            actor=actor,
            reason=reason,
            log_model=EventLog,
            save_fields=["sequence"],
            event=event,
        )
    except TransitionNotAllowed as error:
        raise EventError(error.message) from None


@transaction.atomic
def event_publish(*, actor: User, event: Event, now: dt.datetime | None = None) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _require(actor, locked)
    if locked.ends_at <= (now or timezone.now()):
        raise EventError(_("Cet événement est déjà passé : il ne peut plus être publié."))
    _transition(locked, action=EventAction.PUBLISH, actor=actor)
    return locked


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """Cancel `event`: every registrant is told (EVENT_CANCELLED listeners, in this transaction)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _require(actor, locked)
    locked.sequence += 1
    _transition(locked, action=EventAction.CANCEL, actor=actor, reason=reason)
    for listener in EVENT_CANCELLED:
        listener(event=locked, reason=reason.strip(), actor=actor)
    return locked


@transaction.atomic
def event_hold(*, actor: Any, event: Event, now: dt.datetime | None = None, system: bool = False) -> Event:
    """Mark a published event as held, once it has begun (its contributions and survey follow)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not system:
        _require(actor, locked)
    if locked.starts_at > (now or timezone.now()):
        raise EventError(_("Cet événement n'a pas encore commencé."))
    _transition(locked, action=EventAction.HOLD, actor=actor, role=EventRole.SYSTEM if system else EventRole.ORGANISER)
    return locked


def events_to_hold(*, now: dt.datetime) -> list[Event]:
    """Published events that have ended: `complete_events` marks them held."""
    return list(Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lte=now).order_by("ends_at", "pk"))


def events_hold_past(*, now: dt.datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    held = []
    for event in events_to_hold(now=now):
        try:
            held.append(event_hold(actor=None, event=event, now=now, system=True))
        except EventError:
            continue  # cancelled meanwhile: the others are still marked
    return held


@transaction.atomic
def series_create(
    *,
    actor: User,
    organiser: Organiser,
    fields: dict[str, Any],
    sites: Sequence[SiteData],
    questions: Sequence[QuestionData] = (),
    frequency: str,
    count: int,
) -> EventSeries:
    """A series: one draft event per occurrence of the rule, each with the same sites and questions, each then
    editable or cancellable alone. Raises EventError (with recurrence's French message) for a bad rule."""
    _check_organiser(actor, organiser)
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    _check_times(starts_at, ends_at)
    first = timezone.localtime(starts_at).date()
    try:
        rule = recurrence.build_rule(frequency=frequency, first=first, count=count)
        # The duration in wall-clock time: 9 h to 11 h stays 9 h to 11 h on the day of a change of time.
        local_start = timezone.localtime(starts_at).replace(tzinfo=None)
        local_end = timezone.localtime(ends_at).replace(tzinfo=None)
        dates = recurrence.occurrences(rule=rule, start=starts_at, duration=local_end - local_start)
    except recurrence.RecurrenceError as error:
        raise EventError(error.message) from None
    series = EventSeries.objects.create(
        title=fields["title"],
        rule=rule,
        rule_label=recurrence.describe(frequency=frequency, first=first, count=count),
        created_by=actor,
    )
    for occurrence in dates:
        event_create(
            actor=actor,
            organiser=organiser,
            fields={**fields, "starts_at": occurrence.starts_at, "ends_at": occurrence.ends_at},
            sites=sites,
            questions=questions,
            series=series,
        )
    return series


@transaction.atomic
def series_publish(*, actor: User, series: EventSeries, now: dt.datetime | None = None) -> list[Event]:
    """Publish every draft occurrence of the series still to come."""
    now = now or timezone.now()
    drafts = series.occurrences.filter(status=EventStatus.DRAFT, ends_at__gt=now).order_by("starts_at")
    return [event_publish(actor=actor, event=event, now=now) for event in drafts]


@transaction.atomic
def events_load_reference() -> tuple[Event, bool]:
    """The 2011 rencontres, an honest past event: its month (the day is not known), its commune, its organisers,
    what is known of its attendance, and why its contributions are not here. Registration closed, no list."""
    data = RENCONTRES_2011
    existing = Event.objects.filter(slug=data.slug).first()
    if existing is not None:
        return existing, False
    starts_at = dt.datetime(data.year, data.month, 1, tzinfo=recurrence.PARIS)
    ends_at = dt.datetime(data.year, data.month + 1, 1, tzinfo=recurrence.PARIS)
    event = Event(
        slug=data.slug,
        title=data.title,
        kind=data.kind,
        summary=data.summary,
        description=data.description,
        starts_at=starts_at,
        ends_at=ends_at,
        date_known_to_month_only=True,
        organiser_label=data.organiser_label,
        registration_open=False,
        attendance_note=data.attendance_note,
        contributions_note=data.contributions_note,
    )
    for action in (EventAction.CREATE, EventAction.PUBLISH, EventAction.HOLD):
        apply_transition(
            workflow=EVENT_WORKFLOW,
            obj=event,
            action=action,
            role=EventRole.ORGANISER,
            actor=None,
            reason=data.source if action == EventAction.CREATE else "",
            log_model=EventLog,
            event=event,
        )
    event.organisations.set(Organisation.objects.filter(slug__in=data.organisations))
    found = lookup_commune(data.commune)
    # The hall is not known: the site is the commune. Its capacity is not known either and counts nothing
    # (registration is closed); the attendance note says what is known.
    EventSite.objects.create(
        event=event,
        kind=SiteKind.ADDRESS,
        address=data.commune,
        commune=found.match if found.found else None,
        capacity=1,
    )
    return event, True
