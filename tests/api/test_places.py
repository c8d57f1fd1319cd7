import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.api.schemas import ErrorOut, PlaceMapCollection, PlacePage
from solozere.places.models import SERVICE_FILTERS, Place, PlaceKind, Wifi
from solozere.territory.models import Commune
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/places"
GEOJSON_URL = "/api/v1/places.geojson"


def get_list(client, query="", **headers):
    response = client.get(f"{LIST_URL}{query}", **headers)
    return response, response.json()


# --- The item ------------------------------------------------------------------------------------------------
def test_a_complete_place_is_described_in_full(client, territory):
    place = PlaceFactory(complete=True, opening_hours="24/7")

    response, body = get_list(client)

    assert response.status_code == 200
    PlacePage.model_validate(body)
    item = body["results"][0]
    assert item["id"] == place.pk
    assert item["slug"] == place.slug
    assert item["kind"] == {"code": "telecentre", "label": "Télécentre"}
    assert item["status"] == {"code": "member", "label": "Membre du réseau"}
    assert item["is_demo"] is False
    assert item["commune"] == {"insee_code": "48095", "name": "Mende"}
    assert item["address"] == "2 rue de l'Épine"
    assert (item["latitude"], item["longitude"]) == (44.5181, 3.5002)
    assert item["location_is_approximate"] is False
    assert item["wifi"] == {"code": "free", "label": "Wi-Fi gratuit"}
    assert item["access"] == {"code": "open", "label": "Ouvert à tous, sans restriction"}
    assert item["connectivity"] == {
        "download_mbps": 940.5,
        "upload_mbps": 400.0,
        "technology": {"code": "fibre", "label": "Fibre optique (FttH)"},
        "measured_on": "2026-03-02",
    }
    assert item["opening_hours"] == "24/7"
    assert item["open_now"] is True
    assert (item["desks"], item["offices"], item["prices"]) == (12, 3, "10 € la journée")
    assert item["contact"] == {
        "phone": "04 66 00 00 00",
        "email": "contact@telecentre.example",
        "website": "https://telecentre.example/",
    }
    assert item["url"] == f"http://testserver/lieux/{place.slug}/"
    assert item["distance_km"] is None


def test_services_say_yes_no_or_unknown_like_the_search_filters(client, territory):
    PlaceFactory(complete=True)

    services = get_list(client)[1]["results"][0]["services"]

    assert set(services) == set(SERVICE_FILTERS)
    assert services["wifi_gratuit"] is True
    assert services["visio"] is True
    assert services["salle_reunion"] is False  # known: no meeting room
    assert services["cuisine"] is None  # nobody said


def test_paid_wifi_is_not_free_wifi_and_unknown_wifi_is_null(client, territory):
    PlaceFactory(name="A payant", wifi=Wifi.PAID)
    PlaceFactory(name="B inconnu")

    paid, unknown = get_list(client)[1]["results"]

    assert paid["services"]["wifi_gratuit"] is False
    assert paid["wifi"]["code"] == "paid"
    assert unknown["services"]["wifi_gratuit"] is None
    assert unknown["wifi"] is None
    assert unknown["access"] is None


def test_unknown_facts_are_null_never_guessed(client, territory):
    PlaceFactory()

    item = get_list(client)[1]["results"][0]

    assert item["address"] is None
    assert item["location_is_approximate"] is True
    assert item["opening_hours"] is None
    assert item["open_now"] is None
    assert item["connectivity"] == {"download_mbps": None, "upload_mbps": None, "technology": None, "measured_on": None}
    assert item["contact"] == {"phone": None, "email": None, "website": None}
    assert (item["desks"], item["offices"], item["prices"]) == (None, None, None)


def test_a_place_in_a_commune_deleguee_names_it_with_its_current_commune(client, territory):
    javols = Commune.objects.get(kind=Commune.Kind.DELEGATED, name="Javols")
    PlaceFactory(commune=javols)

    item = get_list(client)[1]["results"][0]

    assert item["commune"] == {"insee_code": javols.insee_code, "name": "Javols (Peyre en Aubrac)"}


def test_a_place_closed_all_week_is_not_open_now(client, territory):
    PlaceFactory(opening_hours="Mo-Su off")

    assert get_list(client)[1]["results"][0]["open_now"] is False


# --- Filters: the page's search, not a copy of it --------------------------------------------------------------
def test_kind_takes_several_values(client, territory):
    PlaceFactory(name="Comptoir", kind=PlaceKind.COMPTOIR)
    PlaceFactory(name="Télécentre", kind=PlaceKind.TELECENTRE)
    PlaceFactory(name="Tiers-lieu", kind=PlaceKind.TIERS_LIEU)

    body = get_list(client, "?kind=comptoir&kind=telecentre")[1]

    assert [item["name"] for item in body["results"]] == ["Comptoir", "Télécentre"]


def test_services_are_all_required(client, territory):
    PlaceFactory(name="Complet", complete=True)
    PlaceFactory(name="Wi-Fi seulement", wifi=Wifi.FREE)

    body = get_list(client, "?service=wifi_gratuit&service=visio")[1]

    assert [item["name"] for item in body["results"]] == ["Complet"]


def test_closed_places_are_never_returned_and_demo_places_are_flagged(client, territory):
    PlaceFactory(name="Fermé", closed=True)
    PlaceFactory(name="Démo", demo=True)
    PlaceFactory(name="Réel")

    everything = get_list(client)[1]
    without_demo = get_list(client, "?demo=exclure")[1]
    only_demo = get_list(client, "?demo=seulement")[1]

    assert [(i["name"], i["is_demo"]) for i in everything["results"]] == [("Démo", True), ("Réel", False)]
    assert [i["name"] for i in without_demo["results"]] == ["Réel"]
    assert [i["name"] for i in only_demo["results"]] == ["Démo"]


def test_open_now_keeps_only_places_open_now(client, territory):
    PlaceFactory(name="Toujours ouvert", opening_hours="24/7")
    PlaceFactory(name="Jamais ouvert", opening_hours="Mo-Su off")
    PlaceFactory(name="Horaires inconnus")

    body = get_list(client, "?open_now=on")[1]

    assert [i["name"] for i in body["results"]] == ["Toujours ouvert"]


def test_search_by_commune_sorts_by_distance_and_gives_it(client, territory):
    marvejols = commune("48092")
    PlaceFactory(name="À Marvejols", commune=marvejols, latitude=marvejols.latitude, longitude=marvejols.longitude)
    PlaceFactory(name="À Mende")
    far = commune("48198")  # Villefort, ~50 km from Mende
    PlaceFactory(name="À Villefort", commune=far, latitude=far.latitude, longitude=far.longitude)

    body = get_list(client, "?commune=Mende&radius=30")[1]

    assert [i["name"] for i in body["results"]] == ["À Mende", "À Marvejols"]
    assert body["results"][0]["distance_km"] == 0.0
    assert 15 < body["results"][1]["distance_km"] < 30
    assert body["count"] == 2


# --- Pagination -------------------------------------------------------------------------------------------------
def test_pages_carry_count_and_links_that_keep_the_filters(client, territory):
    for n in range(5):
        PlaceFactory(name=f"Lieu {n}")

    first = get_list(client, "?page_size=2&demo=inclure")[1]
    second = client.get(first["next"]).json()
    last = client.get(second["next"]).json()

    assert (first["count"], first["page"], first["page_size"]) == (5, 1, 2)
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/places?demo=inclure&page=2&page_size=2"
    assert [i["name"] for i in second["results"]] == ["Lieu 2", "Lieu 3"]
    assert second["previous"] == "http://testserver/api/v1/places?demo=inclure&page=1&page_size=2"
    assert [i["name"] for i in last["results"]] == ["Lieu 4"]
    assert last["next"] is None


def test_an_empty_search_is_one_empty_page(client, territory):
    response, body = get_list(client)

    assert response.status_code == 200
    assert (body["count"], body["results"], body["next"], body["previous"]) == (0, [], None, None)


def test_a_page_past_the_last_is_a_404_in_french(client, territory):
    PlaceFactory()

    response, body = get_list(client, "?page=4")

    assert response.status_code == 404
    assert body["errors"] == ["La page 4 n'existe pas : la dernière est la page 1."]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?page_size=500", "« page_size » ne peut pas dépasser 200."),
        ("?page_size=0", "« page_size » doit être au moins 1."),
        ("?page=abc", "« page » doit être un nombre entier."),
        ("?page=-2", "« page » doit être au moins 1."),
    ],
)
def test_bad_pagination_is_a_400_in_french(client, territory, query, message):
    response, body = get_list(client, query)

    assert response.status_code == 400
    assert message in body["errors"]


# --- Errors: 400 with the page's French messages ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?commune=Mende&radius=abc", "Le rayon doit être un nombre entier de kilomètres."),
        ("?commune=Mende&radius=900", "Le rayon ne peut pas dépasser 300 km."),
        ("?commune=Mende&radius=0", "Le rayon doit être d'au moins 1 km."),
        ("?commune=Nulle-Part", "Aucune commune de Lozère ne correspond à « Nulle-Part »."),
    ],
)
@pytest.mark.parametrize("url", [LIST_URL, GEOJSON_URL])
def test_invalid_filters_are_a_400_with_the_french_message(client, territory, url, query, message):
    response = client.get(f"{url}{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = ErrorOut.model_validate(response.json())
    assert message in body.errors
    assert body.message == "La recherche contient des paramètres invalides."


def test_an_unknown_kind_is_refused_not_ignored(client, territory):
    response, body = get_list(client, "?kind=chateau")

    assert response.status_code == 400
    assert len(body["errors"]) == 1
    assert "chateau" in body["errors"][0]


def test_an_ambiguous_commune_offers_the_choices(client, territory):
    response, body = get_list(client, "?commune=48200")

    assert response.status_code == 400
    assert body["errors"] == ["« 48200 » correspond à plusieurs communes : précisez laquelle."]
    names = {choice["name"] for choice in body["choices"]}
    assert {"Saint-Chély-d'Apcher", "Albaret-Sainte-Marie", "Les Bessons"} <= names
    chely = next(c for c in body["choices"] if c["name"] == "Saint-Chély-d'Apcher")
    assert chely == {
        "insee_code": "48140",
        "name": "Saint-Chély-d'Apcher",
        "label": "Saint-Chély-d'Apcher",
        "kind": "actuelle",
        "current_commune": "Saint-Chély-d'Apcher",
        "postal_codes": ["48200"],
    }
    # The label, sent back, settles it.
    assert client.get(f"{LIST_URL}?commune={chely['label']}").status_code == 200


NASTY_QUERIES = [
    "?commune=%00",
    "?commune=" + "x" * 5000,
    "?commune=%F0%9F%8F%A0%27%22%3B--",
    "?commune=Mende&radius=1e309",
    "?commune=Mende&radius=99999999999999999999999999",
    "?radius=-1",
    "?kind=&service=&demo=&open_now=",
    "?kind=%00&service=%00&demo=%00&open_now=%00",
    "?service=wifi_gratuit&service=nope&service[]=x",
    "?page=%00&page_size=%00",
    "?page=99999999999999999999999999999",
    "?page_size=1e3",
    "?demo=maybe",
    "?open_now=peut-%C3%AAtre",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
@pytest.mark.parametrize("url", [LIST_URL, GEOJSON_URL])
def test_nothing_typed_gives_a_500(client, territory, url, query):
    PlaceFactory()

    response = client.get(f"{url}{query}")

    assert response.status_code in (200, 400, 404)
    assert isinstance(response.json(), dict)


# --- GeoJSON ----------------------------------------------------------------------------------------------------
def test_geojson_is_a_feature_collection_of_the_same_results(client, territory):
    PlaceFactory(name="A complet", complete=True)
    # place_create puts a place without coordinates at its town hall: erase them, as for a commune of unknown position.
    no_coords = PlaceFactory(name="B sans coordonnées")
    Place.objects.filter(pk=no_coords.pk).update(latitude=None, longitude=None, location_is_approximate=False)
    PlaceFactory(name="C fermé", closed=True)

    response = client.get(f"{GEOJSON_URL}?demo=exclure")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    PlaceMapCollection.model_validate(body)
    assert body["type"] == "FeatureCollection"
    complete, no_position = body["features"]
    assert complete["geometry"] == {"type": "Point", "coordinates": [3.5002, 44.5181]}  # longitude first
    assert complete["properties"]["name"] == "A complet"
    assert "latitude" not in complete["properties"]
    assert no_position["geometry"] is None


def test_geojson_is_not_paginated_and_uses_the_same_filters(client, territory):
    for n in range(60):
        PlaceFactory(name=f"Lieu {n:02d}", kind=PlaceKind.COMPTOIR if n % 2 else PlaceKind.TELECENTRE)

    body = client.get(f"{GEOJSON_URL}?kind=comptoir&page_size=2").json()

    assert len(body["features"]) == 30
    assert {f["properties"]["kind"] for f in body["features"]} == {"comptoir"}


def test_geojson_gives_distance_when_searching_by_commune(client, territory):
    PlaceFactory()

    feature = client.get(f"{GEOJSON_URL}?commune=48095").json()["features"][0]

    assert feature["properties"]["distance_km"] == 0.0


# --- Cost does not grow with places -----------------------------------------------------------------------------
def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST_URL}?page_size=200",
        f"{LIST_URL}?commune=Mende&radius=20&page_size=200",
        f"{LIST_URL}?service=wifi_gratuit&kind=telecentre&kind=comptoir&open_now=true",
        GEOJSON_URL,
        f"{GEOJSON_URL}?commune=Javols&radius=50",
    ],
)
def test_query_count_does_not_grow_with_places(client, territory, url):
    javols_part = commune("48009")
    for n in range(3):
        PlaceFactory(complete=True, name=f"Petit {n}")
    few = _queries(client, url)

    for n in range(37):
        PlaceFactory(complete=True, name=f"Grand {n}", commune=javols_part if n % 2 else commune("48095"))
    many = _queries(client, url)

    assert many == few
    assert few <= 6


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["radius=&commune=", "page=", "page_size=", "demo="])
def test_an_empty_number_or_choice_is_refused_in_french(client, query):
    response = client.get(f"/api/v1/places?{query}")
    assert response.status_code == 400
    assert "est vide : donnez une valeur, ou retirez le paramètre." in response.json()["errors"][0]
