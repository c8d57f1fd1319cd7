"""Use cases of the organiser: create, edit, publish, cancel and close events and series. Views, commands and
tests call these; registrations, contributions and the survey have their own modules.

Who may: the staff for any event; a place's managers for the events their place organises; a partner
organisation's agents for the events their organisation organises (selectors.may_organise). A site in a place of
the network is for the staff or that place's managers (selectors.site_places). A change of time or place grows
the event's `sequence`, so that the .ics the registrants received is superseded, and the registrants are told
(EVENT_CHANGED)."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
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
from solozere.events.selectors import may_organise, site_places
from solozere.events.workflow import EVENT_WORKFLOW, SEAT_STATES, EventAction, EventRole, EventStatus
from solozere.organisations.models import Organisation
from solozere.organisations.selectors import organisations_of_agent
from solozere.places.models import Place
from solozere.places.selectors import places_managed_by
from solozere.territory.selectors import lookup_commune

# Fields whose change a registrant must hear of: they grow the sequence of the event's .ics.
SCHEDULE_FIELDS = ("starts_at", "ends_at")
# Where a site is: a change of one of these on a kept site is told to the people registered there.
SITE_WHERE_FIELDS = ("place_id", "address", "commune_id", "online_url")
# Two organisers creating an event of the same title on the same day at once: each retry takes the next slug.
SLUG_ATTEMPTS = 5


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


@dataclass(frozen=True)
class EventChanges:
    """What an edit of a published event changed that its registrants must hear of: the time it had before (when
    `schedule`), and for each kept site whose place, address or link changed, the names of those fields."""

    starts_at_before: dt.datetime
    ends_at_before: dt.datetime
    schedule: bool = False
    sites: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.schedule or any(self.sites.values())


@dataclass(frozen=True)
class _SitesWritten:
    changed: dict[int, frozenset[str]]  # kept site pk -> the SITE_WHERE_FIELDS that changed
    grown: list[EventSite]  # kept sites whose capacity went up


# Listeners registered by the modules that hold what an event has, so that this one imports none of them. All are
# called inside the service's transaction (their e-mails leave after commit, through core.mail.notify):
# - EVENT_CANCELLED(event=, reason=, actor=): registrations cancel theirs and tell each person;
# - EVENT_CHANGED(event=, changes=EventChanges, actor=): a published event's time or a site's place, address or
#   link changed: registrations tell the people concerned, with the new .ics;
# - SITE_CAPACITY_RAISED(site=, now=): a site (locked) has more seats: registrations offer them to the line.
EVENT_CANCELLED: list[Callable[..., object]] = []
EVENT_CHANGED: list[Callable[..., object]] = []
SITE_CAPACITY_RAISED: list[Callable[..., object]] = []


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


def _check_sites(sites: Sequence[SiteData], *, actor: User, event: Event | None = None) -> None:
    if not sites:
        raise EventError(_("Indiquez au moins un site : un lieu du réseau, une adresse ou en ligne."))
    places = [site.place for site in sites if site.kind == SiteKind.PLACE and site.place is not None]
    if len(places) != len({place.pk for place in places}):
        raise EventError(_("Un même lieu est indiqué deux fois."))
    usable = set(site_places(actor, event).filter(pk__in=[place.pk for place in places]).values_list("pk", flat=True))
    for place in places:
        if place.pk not in usable:
            raise EventError(
                _(
                    "Vous ne gérez pas « %(place)s » : seuls ses gestionnaires et l'équipe du réseau peuvent en faire "
                    "un site d'un événement. Choisissez un lieu que vous gérez, une adresse ou un site en ligne."
                )
                % {"place": place.name}
            )
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


def _write_sites(event: Event, sites: Sequence[SiteData]) -> _SitesWritten:
    """Replace the event's sites by `sites`, keeping the rows (and their registrations) of the places and addresses
    still there. A site that holds registrations cannot be removed or shrunk below what it holds. Says which kept
    sites moved (place, address, link) and which grew."""
    existing = list(EventSite.objects.select_for_update().filter(event=event).order_by("position", "pk"))
    kept: set[int] = set()
    changed: dict[int, frozenset[str]] = {}
    grown: list[EventSite] = []
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
        before = {name: getattr(site, name) for name in (*SITE_WHERE_FIELDS, "capacity")}
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
        if match is not None:
            changed[site.pk] = frozenset(name for name in SITE_WHERE_FIELDS if getattr(site, name) != before[name])
            if site.capacity > before["capacity"]:
                grown.append(site)
    for site in existing:
        if site.pk not in kept:
            if site.registrations.exists():
                raise EventError(
                    _("Le site « %(site)s » a des inscriptions : il ne peut pas être retiré.") % {"site": site.name}
                )
            site.delete()
    return _SitesWritten(changed=changed, grown=grown)


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
    _check_sites(sites, actor=actor)
    event = Event(**fields, organiser_place=organiser.place, created_by=actor, series=series)
    _insert_with_unique_slug(event, actor=actor)
    event.organisations.set(organiser.organisations)
    _write_sites(event, sites)
    _write_questions(event, questions)
    return event


def _insert_with_unique_slug(event: Event, *, actor: User) -> None:
    """Save the new `event` as a draft under the first free slug. unique_slug reads before the insert: another
    event of the same title and day created at the same moment may take that slug first. The insert then fails
    inside its savepoint (the outer transaction goes on) and the next slug is tried, a bounded number of times."""
    for _attempt in range(SLUG_ATTEMPTS):
        event.slug = unique_slug(event.title, event.starts_at)
        event.status = ""  # apply_transition moved it on before the failed insert
        try:
            with transaction.atomic():
                apply_transition(
                    workflow=EVENT_WORKFLOW,
                    obj=event,
                    action=EventAction.CREATE,
                    role=EventRole.ORGANISER,
                    actor=actor,
                    log_model=EventLog,
                    event=event,
                )
            return
        except IntegrityError:
            if not Event.objects.filter(slug=event.slug).exists():
                raise  # another constraint: not ours to retry
    raise EventError(
        _("Un événement du même titre, le même jour, vient d'être créé en même temps : renvoyez le formulaire.")
    )


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    fields: dict[str, Any],
    sites: Sequence[SiteData],
    questions: Sequence[QuestionData] | None = None,
) -> Event:
    """Save an edit. A cancelled or held event is not edited. A change of time or of sites grows `sequence`; on a
    published event, the people concerned by a new time, place, address or link are told (EVENT_CHANGED), and the
    seats a site gains go to its waiting list at once (SITE_CAPACITY_RAISED). The organiser does not change."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _require(actor, locked)
    if locked.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise EventError(_("Un événement annulé ou passé ne se modifie plus."))
    _check_times(fields.get("starts_at", locked.starts_at), fields.get("ends_at", locked.ends_at))
    _check_sites(sites, actor=actor, event=locked)
    before = {name: getattr(locked, name) for name in SCHEDULE_FIELDS}
    sites_before = list(locked.sites.values_list("kind", "place_id", "address", "online_url"))
    for name, value in fields.items():
        setattr(locked, name, value)
    written = _write_sites(locked, sites)
    sites_after = list(locked.sites.values_list("kind", "place_id", "address", "online_url"))
    schedule = any(getattr(locked, name) != value for name, value in before.items())
    if schedule or sites_before != sites_after:
        locked.sequence += 1
    locked.full_clean(exclude=["slug", "organisations"])
    locked.save()
    if questions is not None:
        _write_questions(locked, questions)
    if locked.status == EventStatus.PUBLISHED:
        changes = EventChanges(
            starts_at_before=before["starts_at"],
            ends_at_before=before["ends_at"],
            schedule=schedule,
            sites={pk: names for pk, names in written.changed.items() if names},
        )
        if changes:
            for listener in EVENT_CHANGED:
                listener(event=locked, changes=changes, actor=actor)
        # After the change is told: a seat offered now is offered at the new time and place.
        now = timezone.now()
        for site in written.grown:
            site.event = locked
            for listener in SITE_CAPACITY_RAISED:
                listener(site=site, now=now)
    return locked


@transaction.atomic
def event_save(
    *,
    actor: User,
    event: Event | None,
    fields: dict[str, Any],
    sites: Sequence[SiteData],
    questions: Sequence[QuestionData],
    organiser: Organiser | None = None,
    frequency: str = "",
    count: int | None = None,
) -> Event | EventSeries:
    """The organiser's form sent: edit `event`, or with no event create a draft one (in the name of `organiser`),
    or a series of drafts when a `frequency` is given. An edit keeps the organiser and ignores the repetition."""
    if event is not None:
        return event_update(actor=actor, event=event, fields=fields, sites=sites, questions=questions)
    if organiser is None:
        raise ValueError("a new event needs its organiser")
    if frequency:
        if not count:
            raise EventError(_("Indiquez combien de dates compte la série."))
        return series_create(
            actor=actor,
            organiser=organiser,
            fields=fields,
            sites=sites,
            questions=questions,
            frequency=frequency,
            count=count,
        )
    return event_create(actor=actor, organiser=organiser, fields=fields, sites=sites, questions=questions)


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
