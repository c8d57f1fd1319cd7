import pytest

from tests.events.factories import EventSiteFactory, in_days

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events"


@pytest.fixture(autouse=True)
def _communes(territory):  # type: ignore[no-untyped-def]
    return territory


def test_upcoming_events_in_order_with_their_sites(client):
    EventSiteFactory(event__title="Plus tard", event__starts_at=in_days(30))
    site = EventSiteFactory(event__title="Bientôt", event__starts_at=in_days(2), capacity=6)
    EventSiteFactory(event=site.event, online=True, online_url="https://visio.example/secret")
    EventSiteFactory(event__title="Brouillon", event__draft=True)
    response = client.get(EVENTS)
    body = response.json()
    assert response.status_code == 200
    assert [e["title"] for e in body["results"]] == ["Bientôt", "Plus tard"]
    first = body["results"][0]
    assert first["sites"][0] == {
        "kind": "place",
        "name": site.place.name,
        "place_slug": site.place.slug,
        "commune": "Mende",
        "insee_code": "48095",
        "capacity": 6,
    }
    assert first["sites"][1]["kind"] == "online"
    assert "secret" not in response.content.decode()
    assert first["starts_at"].endswith(("+01:00", "+02:00"))


def test_the_agenda_filters_apply(client):
    EventSiteFactory(event__title="Atelier", event__kind="atelier")
    EventSiteFactory(event__title="Webinaire", online=True)
    assert [e["title"] for e in client.get(EVENTS, {"type": "atelier"}).json()["results"]] == ["Atelier"]
    assert [e["title"] for e in client.get(EVENTS, {"en_ligne": "true"}).json()["results"]] == ["Webinaire"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "concert"}, "Type d'événement inconnu"),
        ({"commune": "Atlantide"}, "Aucune commune"),
        ({"rayon": "x"}, "nombre entier"),
    ],
)
def test_a_bad_filter_is_a_400_in_french(client, params, message):
    response = client.get(EVENTS, params)
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"])


def test_one_event_and_a_draft_is_a_404(client):
    event = EventSiteFactory(event__title="Café").event
    draft = EventSiteFactory(event__draft=True).event
    assert client.get(f"{EVENTS}/{event.slug}").json()["title"] == "Café"
    assert client.get(f"{EVENTS}/{draft.slug}").status_code == 404
    assert client.get(f"{EVENTS}/nulle-part").json()["message"] == "Aucun événement publié n'a cet identifiant."


def test_the_events_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert paths["/api/v1/events"]["get"]["tags"] == ["agenda"]
    assert "/api/v1/events/{slug}" in paths


def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    EventSiteFactory()
    with django_assert_max_num_queries(6) as few:
        client.get(EVENTS)
    for _ in range(10):
        EventSiteFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(EVENTS).json()["results"]) == 11


def test_a_bad_online_value_is_a_400(client):
    response = client.get(EVENTS, {"en_ligne": "peut-être"})
    assert response.status_code == 400
    assert response.json()["errors"] == ["en_ligne vaut true ou false."]
