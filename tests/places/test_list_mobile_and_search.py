"""/lieux/ issue 9: autour de moi's endpoint, counts on filters, the search kept on the way back, plurals, photos."""

import json

import pytest
from django.urls import reverse

from solozere.places.models import PlaceKind
from tests.places.factories import MENDE, SAINT_CHELY, PlaceFactory, commune
from tests.places.test_views import _queries, card_names, text

LIST_URL = reverse("places:list")
NEAREST_URL = reverse("places:nearest_commune")


def test_the_nearest_commune_of_a_position_is_answered_with_its_insee_code(client, territory):
    response = client.get(NEAREST_URL, {"lat": "44.5181", "lon": "3.5002"})

    assert response.status_code == 200
    body = response.json()
    assert body["insee_code"] == MENDE
    assert body["commune"] == "Mende"
    assert body["query"].startswith("Mende")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "La latitude manque"),
        ({"lat": "x", "lon": "3"}, "La latitude doit être un nombre"),
        ({"lat": "44", "lon": "999"}, "comprise"),
    ],
)
def test_a_bad_position_is_a_400_with_a_french_message(client, territory, params, message):
    response = client.get(NEAREST_URL, params)

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_position_far_from_lozere_is_said(client, territory):
    response = client.get(NEAREST_URL, {"lat": "48.85", "lon": "2.35"})

    assert response.status_code == 404
    assert "loin de la Lozère" in response.json()["error"]


def test_the_list_has_a_locate_button_a_view_switch_and_a_link_to_the_map(client, territory):
    content = client.get(LIST_URL).content.decode()

    assert 'data-locate-for="id_commune"' in content
    assert "data-view-switch hidden" in content
    assert '<a href="#map-title" data-show-view="map">Voir la carte</a>' in content
    assert content.index("Voir la carte") < content.index('id="place-results"')
    assert '<details class="filters-details" data-filters>' in content  # folded: no filter is active


def test_an_active_filter_unfolds_the_filters(client, territory):
    content = client.get(LIST_URL, {"kind": "telecentre"}).content.decode()

    assert '<details class="filters-details" data-filters open>' in content
    assert "1 filtre actif" in text_of(content)


def text_of(content: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


def test_each_filter_says_how_many_places_it_would_show(client, territory):
    PlaceFactory(name="T1", kind=PlaceKind.TELECENTRE, wifi="free")
    PlaceFactory(name="T2", kind=PlaceKind.TELECENTRE)
    PlaceFactory(name="C1", comptoir=True, wifi="free", printing=True)

    content = client.get(LIST_URL, {"service": "wifi_gratuit"}).content.decode()

    # With free Wi-Fi: one télécentre, one comptoir; among the results, one prints.
    assert '<span class="facet-count" id="facet-kind-telecentre">(1)' in content
    assert '<span class="facet-count" id="facet-kind-comptoir">(1)' in content
    assert '<span class="facet-count" id="facet-service-wifi_gratuit">(2)' in content
    assert '<span class="facet-count" id="facet-service-impression">(1)' in content

    fragment = client.get(LIST_URL, {"service": "wifi_gratuit"}, headers={"HX-Request": "true"}).content.decode()
    assert '<span id="facet-kind-telecentre" data-hx-swap-oob="innerHTML">(1)' in fragment


@pytest.mark.parametrize(("count", "expected"), [(0, "0 lieu trouvé"), (1, "1 lieu trouvé"), (2, "2 lieux trouvés")])
def test_the_results_count_speaks_french(client, territory, count, expected):
    for n in range(count):
        PlaceFactory(name=f"Lieu {n}")

    assert expected in text(client.get(LIST_URL))


def test_a_place_link_carries_the_search_and_its_page_links_back_to_it(client, territory):
    PlaceFactory(name="Télécentre du Bourg", kind=PlaceKind.TELECENTRE, commune=commune(SAINT_CHELY))
    params = {"commune": "Saint-Chély-d'Apcher", "radius": "20", "kind": "telecentre"}

    content = client.get(LIST_URL, params).content.decode()
    start = content.index('href="/lieux/telecentre-du-bourg/?from=')
    href = content[start + 6 : content.index('"', start + 6)].replace("&amp;", "&")

    detail = client.get(href).content.decode()
    assert (
        'href="/lieux/?commune=Saint-Ch%C3%A9ly-d%27Apcher&amp;radius=20&amp;kind=telecentre">Retour à la liste'
        in detail
    )


def test_a_hostile_from_only_keeps_the_search(client, territory):
    PlaceFactory(name="Lieu")
    detail = client.get("/lieux/lieu/", {"from": "next=https://evil.example&kind=comptoir&x=1"}).content.decode()

    assert 'href="/lieux/?kind=comptoir">Retour à la liste' in detail
    assert 'href="https://evil' not in detail  # (the language form keeps the whole URL, encoded, as its next)


def test_a_search_near_a_commune_hands_its_centre_and_radius_to_the_map(client, territory):
    content = client.get(LIST_URL, {"commune": "Mende", "radius": "15"}).content.decode()
    start = content.index('<script id="places-map-search" type="application/json">') + len(
        '<script id="places-map-search" type="application/json">'
    )
    search = json.loads(content[start : content.index("</script>", start)])

    assert search["radius_km"] == 15
    assert search["lat"] == pytest.approx(44.5181, abs=0.01)


def test_counts_and_photos_keep_the_query_count_fixed(client, territory):
    for n in range(3):
        PlaceFactory(name=f"Lieu A{n}", comptoir=True, commune=commune(SAINT_CHELY))
    few = _queries(client, {"kind": "comptoir"})
    for n in range(30):
        PlaceFactory(name=f"Lieu B{n}", comptoir=True, commune=commune(MENDE))
    assert _queries(client, {"kind": "comptoir"}) == few
    assert len(card_names(client.get(LIST_URL))) == 33
