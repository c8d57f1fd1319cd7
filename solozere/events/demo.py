"""The demo agenda: fictional events in the demo places, labelled « (démo) » like them, through the real use cases
(a past event is created, published and registered for as it was before it happened). `load_demo_events` loads it
after the demo places and accounts; `delete_demo` removes it (a removal registered with core.demo)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from solozere.accounts.models import User
from solozere.community.models import Membership
from solozere.events import services_contributions, services_registration, services_survey
from solozere.events.models import Event, EventSeries, EventSite, QuestionKind
from solozere.events.recurrence import PARIS, Frequency
from solozere.events.services import (
    Organiser,
    QuestionData,
    SiteData,
    event_create,
    event_hold,
    event_publish,
    series_create,
    series_publish,
)
from solozere.places.models import Place, PlaceKind

DEMO = " (démo)"


@dataclass
class DemoEventsReport:
    events: int = 0
    registrations: int = 0
    skipped: bool = False


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def _next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7 or 7)


def _fields(title: str, kind: str, summary: str, starts_at: dt.datetime, hours: float, **extra: object) -> dict:  # type: ignore[type-arg]
    return {
        "title": f"{title}{DEMO}",
        "kind": kind,
        "summary": summary,
        "description": "Événement fictif du jeu de démonstration : il n'aura pas lieu.",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=hours),
        "is_demo": True,
        **extra,
    }


def demo_events_remove() -> int:
    count = Event.objects.filter(is_demo=True).count()
    Event.objects.filter(is_demo=True).delete()
    EventSeries.objects.filter(occurrences__isnull=True).delete()
    return count


@transaction.atomic
def demo_events_load(*, now: dt.datetime | None = None) -> DemoEventsReport:
    """Idempotent: does nothing when demo events exist. Needs the demo places and accounts."""
    now = now or timezone.now()
    report = DemoEventsReport()
    if Event.objects.filter(is_demo=True).exists():
        report.skipped = True
        return report
    staff = User.objects.filter(is_demo=True, is_staff=True).order_by("email").first()
    telecentres = list(Place.objects.filter(is_demo=True, kind=PlaceKind.TELECENTRE).order_by("slug"))
    comptoirs = list(Place.objects.filter(is_demo=True, kind=PlaceKind.COMPTOIR).order_by("slug"))
    members = list(
        User.objects.filter(
            is_demo=True, pk__in=Membership.objects.active(timezone.localdate(now)).values("user_id")
        ).order_by("email")
    )
    if staff is None or not telecentres or len(members) < 8:
        report.skipped = True
        return report
    today = timezone.localdate(now)
    organiser = Organiser(place=telecentres[0])
    manager = telecentres[0].managers.order_by("email").first() or staff

    def register(site: EventSite, people: list[User], *, at: dt.datetime | None = None) -> None:
        for person in people:
            services_registration.registration_register(actor=person, site=site, now=at or now)
            report.registrations += 1

    # 1. Past: a rencontre three weeks ago, who came, what it left, what they thought of it.
    past_day = today - dt.timedelta(days=21)
    before = _at(past_day, 9) - dt.timedelta(days=10)
    past = event_create(
        actor=staff,
        organiser=Organiser(),
        fields=_fields(
            "Rencontre des télétravailleurs du Gévaudan",
            "rencontre",
            "Retours d'expérience et présentation des lieux du réseau.",
            _at(past_day, 18),
            2.5,
        ),
        sites=[SiteData(kind="place", place=telecentres[0], capacity=20)],
    )
    event_publish(actor=staff, event=past, now=before)
    register(past.sites.get(), members[:8], at=before)
    event_hold(actor=staff, event=past, now=now)
    for index, registration in enumerate(past.registrations.order_by("pk")):
        services_registration.registration_mark_attendance(
            actor=staff, registration=registration, attended=index != 7, now=now
        )
        if index < 6:
            services_survey.survey_answer(
                registration=registration,
                rating=(5, 4, 5, 3, 4, 5)[index],
                useful=index != 3,
                comment="Démo : un commentaire fictif." if index == 0 else "",
            )
    for title, material in (
        (
            "Compte rendu de la rencontre",
            services_contributions.Material(
                notes="Démo : ce qui s'est dit, en quelques lignes fictives.", licence="lo_2_0"
            ),
        ),
        (
            "Vidéo : tour des lieux du réseau",
            services_contributions.Material(link="https://video.example/demo-rencontre", licence="cc_by_4_0"),
        ),
    ):
        services_contributions.contribution_publish_direct(
            actor=staff,
            event=past,
            proposal=services_contributions.Proposal(kind="notes", title=f"{title}{DEMO}", speaker="Équipe (démo)"),
            material=material,
        )
    report.events += 1

    # 2. Upcoming, with a question and a call for contributions.
    workshop = event_create(
        actor=manager,
        organiser=organiser,
        fields=_fields(
            "Atelier : négocier son télétravail avec son employeur",
            "atelier",
            "Accord, charte, avenant : ce que dit le droit, comment en parler.",
            _at(today + dt.timedelta(days=12), 14),
            2,
            contributions_open=True,
        ),
        sites=[SiteData(kind="place", place=telecentres[0], capacity=15)],
        questions=[
            QuestionData(label="Votre situation", kind=QuestionKind.CHOICE, choices="Salarié\nIndépendant\nEn projet")
        ],
    )
    event_publish(actor=manager, event=workshop, now=now)
    register(workshop.sites.get(), members[:6])
    report.events += 1

    # 3. Full, with a waiting list.
    visit = event_create(
        actor=staff,
        organiser=Organiser(),
        fields=_fields(
            "Visite d'un télécentre",
            "visite",
            "Quatre places, pour voir de près.",
            _at(today + dt.timedelta(days=9), 10),
            1.5,
        ),
        sites=[SiteData(kind="place", place=telecentres[-1], capacity=4)],
    )
    event_publish(actor=staff, event=visit, now=now)
    register(visit.sites.get(), members[:6])
    report.events += 1

    # 4. One breakfast in three Comptoirs the same morning, each its own seats and list.
    breakfast_places = (comptoirs or telecentres)[:3]
    breakfast = event_create(
        actor=staff,
        organiser=Organiser(),
        fields=_fields(
            "Petit-déjeuner des Comptoirs",
            "petit_dejeuner",
            "Le même matin, dans trois Comptoirs : choisissez le vôtre.",
            _at(_next_weekday(today + dt.timedelta(days=4), 4), 8, 30),
            1.5,
        ),
        sites=[SiteData(kind="place", place=place, capacity=6) for place in breakfast_places],
    )
    event_publish(actor=staff, event=breakfast, now=now)
    for index, site in enumerate(breakfast.sites.order_by("position")):
        register(site, members[8 + 2 * index : 10 + 2 * index])
    report.events += 1

    # 5. A series: the café of the first Tuesday of each month, online.
    first_tuesday = today.replace(day=1)
    while first_tuesday.weekday() != 1 or first_tuesday <= today:
        first_tuesday += dt.timedelta(days=1)
        if first_tuesday.day > 7:
            first_tuesday = (first_tuesday.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    series = series_create(
        actor=staff,
        organiser=Organiser(),
        fields=_fields(
            "Café du télétravail en ligne",
            "webinaire",
            "Une demi-heure pour se retrouver, chaque mois.",
            _at(first_tuesday, 12, 30),
            0.5,
        ),
        sites=[SiteData(kind="online", online_url="https://visio.example/demo-cafe", capacity=30)],
        frequency=Frequency.MONTHLY_WEEKDAY,
        count=4,
    )
    series_publish(actor=staff, series=series, now=now)
    register(series.occurrences.order_by("starts_at").first().sites.get(), members[:3])  # type: ignore[union-attr]
    report.events += 4
    return report
