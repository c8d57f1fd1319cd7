"""The public agenda: list and filters, month, past events, feeds, place pages; valid HTML; fixed query counts."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from solozere.events.models import Contribution
from solozere.events.recurrence import PARIS
from solozere.events.workflow import ContributionStatus
from tests.events.factories import EventFactory, EventSiteFactory, in_days
from tests.html_checker import nu_errors
from tests.places.factories import SAINT_CHELY, PlaceFactory, commune

pytestmark = pytest.mark.django_db

AGENDA = "/agenda/"


def _titles(response) -> list[str]:
    return [event.title for event in response.context["result"].events]


def test_the_agenda_lists_upcoming_published_events_in_order(client):
    later = EventSiteFactory(event__title="Atelier plus tard", event__starts_at=in_days(20)).event
    sooner = EventSiteFactory(event__title="Café bientôt", event__starts_at=in_days(3)).event
    EventSiteFactory(event__title="Brouillon", event__draft=True)
    EventSiteFactory(event__title="Passé", event__past=True)
    response = client.get(AGENDA)
    assert response.status_code == 200
    assert _titles(response) == [sooner.title, later.title]
    assert "Brouillon" not in response.content.decode()


def test_a_cancelled_event_stays_listed_marked_until_its_date(client):
    EventSiteFactory(event__title="Annulé pour neige", event__cancelled=True)
    body = client.get(AGENDA).content.decode()
    assert "Annulé pour neige" in body
    assert "badge-danger" in body


def test_filter_by_type_and_by_place(client):
    place = PlaceFactory(name="Comptoir d'Aumont")
    EventSiteFactory(event__title="Atelier", event__kind="atelier")
    EventSiteFactory(event__title="Café au Comptoir", place=place)
    assert _titles(client.get(AGENDA, {"type": "atelier"})) == ["Atelier"]
    assert _titles(client.get(AGENDA, {"lieu": place.slug})) == ["Café au Comptoir"]


def test_filter_online(client):
    EventSiteFactory(event__title="Webinaire", online=True)
    EventSiteFactory(event__title="Sur place")
    assert _titles(client.get(AGENDA, {"en_ligne": "on"})) == ["Webinaire"]


def test_filter_by_commune_and_radius(client):
    near = PlaceFactory(name="Près de Saint-Chély", commune=commune(SAINT_CHELY), latitude=44.80, longitude=3.27)
    far = PlaceFactory(name="Mende", latitude=44.518, longitude=3.50)
    EventSiteFactory(event__title="Près", place=near)
    EventSiteFactory(event__title="Loin", place=far)
    EventSiteFactory(event__title="En ligne", online=True)
    response = client.get(AGENDA, {"commune": "Saint-Chély-d'Apcher", "rayon": "10"})
    assert _titles(response) == ["Près"]
    assert "à moins de 10 km de Saint-Chély-d&#x27;Apcher" in response.content.decode()
    assert set(_titles(client.get(AGENDA, {"commune": "Saint-Chély-d'Apcher", "rayon": "60"}))) == {"Près", "Loin"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "concert"}, "Type d&#x27;événement inconnu"),
        ({"lieu": "nulle-part"}, "Ce lieu n&#x27;existe pas"),
        ({"commune": "Atlantide"}, "Aucune commune de Lozère ne correspond"),
        ({"commune": "Mende", "rayon": "abc"}, "Le rayon doit être un nombre entier"),
        ({"rayon": "9999"}, "ne peut pas dépasser 300 km"),
        ({"page": "x"}, "Le numéro de page doit être un nombre entier"),
        ({"vue": "mois", "mois": "2026-13"}, "Mois inconnu"),
        ({"vue": "mois", "mois": "n'importe"}, "Mois inconnu"),
    ],
)
def test_bad_filters_get_a_french_message_never_a_500(client, params, message):
    EventSiteFactory()
    response = client.get(AGENDA, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_pages_keep_the_filters_and_say_where_one_is(client):
    for day in range(22):
        EventSiteFactory(event__kind="atelier", event__starts_at=in_days(day + 1))
    EventSiteFactory(event__title="Autre type")
    first = client.get(AGENDA, {"type": "atelier"}).content.decode()
    assert 'href="?type=atelier&amp;page=2" rel="next"' in first and "Page 1 sur 2" in first
    second = client.get(AGENDA, {"type": "atelier", "page": "2"})
    assert len(_titles(second)) == 2
    assert 'href="?type=atelier&amp;page=1" rel="prev"' in second.content.decode()


def test_the_past_events_are_paged(client):
    for day in range(21):
        EventSiteFactory(event__past=True, event__starts_at=in_days(-day - 2))
    body = client.get("/agenda/passes/").content.decode()
    assert 'href="?page=2" rel="next"' in body and "Page 1 sur 2" in body


def test_a_page_past_the_last_shows_the_last(client):
    EventSiteFactory()
    assert client.get(AGENDA, {"page": "99"}).status_code == 200


def test_the_month_view_places_events_on_their_days(client):
    EventSiteFactory(
        event__title="Café de décembre",
        event__starts_at=dt.datetime(2026, 12, 15, 8, 30, tzinfo=PARIS),
        event__ends_at=dt.datetime(2026, 12, 15, 10, tzinfo=PARIS),
    )
    EventSiteFactory(
        event__title="Deux jours",
        event__starts_at=dt.datetime(2026, 12, 17, 9, tzinfo=PARIS),
        event__ends_at=dt.datetime(2026, 12, 18, 17, tzinfo=PARIS),
    )
    response = client.get(AGENDA, {"vue": "mois", "mois": "2026-12"})
    assert response.status_code == 200
    days = {day.date: [e.title for e in day.events] for week in response.context["weeks"] for day in week}
    assert days[dt.date(2026, 12, 15)] == ["Café de décembre"]
    assert days[dt.date(2026, 12, 17)] == days[dt.date(2026, 12, 18)] == ["Deux jours"]
    assert days[dt.date(2026, 12, 16)] == []
    assert min(days) == dt.date(2026, 11, 30)  # weeks begin on Monday
    assert "décembre 2026" in response.content.decode()


def test_past_events_show_their_published_contributions_count(client):
    past = EventSiteFactory(event__title="Rencontre passée", event__past=True).event
    Contribution.objects.create(event=past, title="Diapos", status=ContributionStatus.PUBLISHED)
    Contribution.objects.create(event=past, title="Proposée", status=ContributionStatus.PROPOSED)
    response = client.get(reverse("events:past"))
    assert "Rencontre passée" in response.content.decode()
    assert "1 contribution publiée" in response.content.decode()


def test_the_agenda_pages_announce_the_feed(client):
    for url in (AGENDA, f"{AGENDA}?vue=mois", reverse("events:past")):
        assert (
            '<link rel="alternate" type="text/calendar" href="/agenda/agenda.ics"' in client.get(url).content.decode()
        )


def test_the_feed_parses_and_keeps_its_uids_across_changes(client, staff_user):
    from solozere.events.services import SiteData, event_update

    site = EventSiteFactory(event__title="Café")
    EventSiteFactory(event__title="Brouillon", event__draft=True)
    first = icalendar.Calendar.from_ical(client.get(reverse("events:feed")).content)
    events = first.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Café"]
    uid, sequence = str(events[0]["uid"]), int(events[0]["sequence"])
    assert events[0]["dtstart"].dt.tzinfo is not None
    later = site.event.starts_at + dt.timedelta(hours=1)
    event_update(
        actor=staff_user,
        event=site.event,
        fields={"starts_at": later, "ends_at": later + dt.timedelta(hours=1)},
        sites=[SiteData(kind="place", place=site.place, capacity=10)],
    )
    again = icalendar.Calendar.from_ical(client.get(reverse("events:feed")).content).walk("VEVENT")[0]
    assert str(again["uid"]) == uid
    assert int(again["sequence"]) == sequence + 1


def test_an_online_link_never_appears_in_a_public_page_or_feed(client):
    site = EventSiteFactory(online=True, online_url="https://visio.example/secret-42")
    assert "secret-42" not in client.get(site.event.get_absolute_url()).content.decode()
    assert b"secret-42" not in client.get(reverse("events:feed")).content
    assert "secret-42" not in client.get(AGENDA).content.decode()


def test_a_place_page_shows_its_next_events_and_announces_its_feed(client):
    site = EventSiteFactory(event__title="Petit-déjeuner au télécentre")
    body = client.get(site.place.get_absolute_url()).content.decode()
    assert "Petit-déjeuner au télécentre" in body
    assert f'href="/lieux/{site.place.slug}/agenda.ics"' in body
    feed = icalendar.Calendar.from_ical(client.get(reverse("events:place_feed", args=[site.place.slug])).content)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["Petit-déjeuner au télécentre"]


def test_an_unknown_place_feed_is_a_404(client):
    assert client.get(reverse("events:place_feed", args=["nulle-part"])).status_code == 404


def test_the_agenda_query_count_does_not_grow_with_its_events(client, django_assert_max_num_queries):
    EventSiteFactory()
    with django_assert_max_num_queries(8) as few:
        client.get(AGENDA, {"commune": "Mende"})
    for _ in range(15):
        event = EventSiteFactory().event
        EventSiteFactory(event=event, online=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(AGENDA, {"commune": "Mende"})
    assert len(response.context["result"].events) == 16
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(AGENDA, {"vue": "mois"})


def test_the_agenda_pages_are_valid_html(client, tmp_path, staff_user):
    EventSiteFactory(event__title="Café")
    EventSiteFactory(event__title="Passé", event__past=True)
    pages = {
        "agenda": client.get(AGENDA),
        "agenda filtered": client.get(AGENDA, {"commune": "Mende", "type": "atelier"}),
        "agenda errors": client.get(AGENDA, {"commune": "Atlantide", "rayon": "x"}),
        "month": client.get(AGENDA, {"vue": "mois"}),
        "past": client.get(reverse("events:past")),
        "event": client.get(EventFactory.create(slug="un-evenement").get_absolute_url()),
    }
    client.force_login(staff_user)
    event = EventSiteFactory(event__title="À gérer").event
    pages["organise"] = client.get(reverse("events:organise"))
    pages["create"] = client.get(reverse("events:create"))
    pages["create errors"] = client.post(
        reverse("events:create"),
        {
            "title": "",
            "sites-TOTAL_FORMS": "1",
            "sites-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "sites-0-capacity": "0",
            "sites-0-kind": "place",
        },
    )
    pages["manage"] = client.get(reverse("events:manage", args=[event.slug]))
    pages["edit"] = client.get(reverse("events:edit", args=[event.slug]))
    pages["cancel"] = client.get(reverse("events:cancel", args=[event.slug]))
    files = []
    for label, response in pages.items():
        assert response.status_code == 200, label
        path = tmp_path / f"{len(files)}.html"
        path.write_bytes(response.content)
        files.append((label, path))
    assert nu_errors(files) == []
