import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from solozere.events.models import Event, EventKind, EventSite, Question, QuestionKind, Registration, SiteKind
from solozere.events.workflow import EventStatus, RegistrationStatus
from tests.places.factories import PlaceFactory

PARIS = ZoneInfo("Europe/Paris")


def in_days(days: int, hour: int = 9) -> dt.datetime:
    """A Paris wall-clock hour `days` from today."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


class EventFactory(factory.django.DjangoModelFactory):
    """A published breakfast in ten days, 9 h to 11 h, organised by the network's staff (no site: add one)."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Petit-déjeuner des télétravailleurs {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    kind = EventKind.BREAKFAST
    summary = "On se retrouve autour d'un café."
    starts_at = factory.LazyFunction(lambda: in_days(10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    status = EventStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=EventStatus.DRAFT)
        cancelled = factory.Trait(status=EventStatus.CANCELLED)
        past = factory.Trait(
            status=EventStatus.HELD,
            starts_at=factory.LazyFunction(lambda: in_days(-10, 9)),
        )


class EventSiteFactory(factory.django.DjangoModelFactory):
    """A site in a place of the network with 10 seats."""

    class Meta:
        model = EventSite

    event = factory.SubFactory(EventFactory)
    kind = SiteKind.PLACE
    place = factory.SubFactory(PlaceFactory)
    capacity = 10

    class Params:
        online = factory.Trait(kind=SiteKind.ONLINE, place=None, online_url="https://visio.example/salle-42")
        address_site = factory.Trait(kind=SiteKind.ADDRESS, place=None, address="Salle des fêtes, Aumont-Aubrac")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    label = "Avez-vous un régime alimentaire particulier ?"
    kind = QuestionKind.TEXT


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a visitor holding seat 1 (give `seat` when there are several)."""

    class Meta:
        model = Registration

    site = factory.SubFactory(EventSiteFactory)
    event = factory.LazyAttribute(lambda o: o.site.event)
    name = factory.Sequence(lambda n: f"Personne {n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.org")
    status = RegistrationStatus.REGISTERED
    seat = factory.Sequence(lambda n: n + 1)
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        waiting = factory.Trait(status=RegistrationStatus.WAITING, seat=None)
        pending = factory.Trait(status=RegistrationStatus.PENDING, seat=None, confirmed_at=None)
