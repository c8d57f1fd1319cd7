"""The map's GeoJSON (/api/v1/places.geojson): only what a map draws, compact, gzip-compressed, and answered 304
while no place has changed; the complete GeoJSON is the open-data export /opendata/lieux.geojson."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.api.schemas import PlaceFeatureCollection, PlaceMapCollection
from solozere.places.models import Place
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.django_db

URL = "/api/v1/places.geojson"
FULL_URL = "/opendata/lieux.geojson"
MAP_PROPERTIES = {"name", "kind", "status", "commune", "slug", "is_demo", "location_is_approximate"}


def test_the_map_geojson_carries_only_what_the_map_needs(client, territory):
    javols = commune("48009")  # Peyre en Aubrac: its commune déléguée Javols is named with it
    PlaceFactory(name="Le Relais", demo=True, latitude=44.518123456, longitude=3.500987654)
    PlaceFactory(name="Zénith", commune=javols, latitude=44.7, longitude=3.3, kind="comptoir")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    PlaceMapCollection.model_validate(body)
    relais, zenith = body["features"]
    assert set(relais) == {"type", "id", "geometry", "properties"}
    assert set(relais["properties"]) <= MAP_PROPERTIES
    assert relais["geometry"]["coordinates"] == [3.50099, 44.51812]  # 5 decimals, about a metre
    assert relais["properties"] == {
        "name": "Le Relais",
        "kind": "tiers_lieu",
        "status": "open",
        "commune": "Mende",
        "slug": "le-relais",
        "is_demo": True,  # said only when true: Zénith, real and well placed, has neither
    }
    assert "is_demo" not in zenith["properties"] and "location_is_approximate" not in zenith["properties"]
    assert body["url_template"].replace("{slug}", "le-relais") == "http://testserver/lieux/le-relais/"
    assert client.get(body["url_template"].replace("{slug}", "le-relais")).status_code == 200
    assert relais["id"] == Place.objects.get(name="Le Relais").pk
    assert zenith["properties"]["commune"] == str(javols)
    assert body["labels"]["kind"]["comptoir"] == "Comptoir SoLozère"
    assert body["labels"]["status"]["open"] == "En service"
    assert b", " not in response.content and b": " not in response.content.replace(b"Comptoir SoLoz", b"")


def test_distance_is_given_only_when_searching_around_a_commune(client, territory):
    PlaceFactory()

    around = client.get(f"{URL}?commune=Mende").json()["features"][0]["properties"]
    everywhere = client.get(URL).json()["features"][0]["properties"]

    assert around["distance_km"] == 0.0
    assert "distance_km" not in everywhere


def test_the_map_geojson_is_gzip_compressed_when_the_client_accepts_it(client, territory):
    for n in range(5):
        PlaceFactory(name=f"Lieu {n}")

    plain = client.get(URL)
    compressed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()


def test_a_matching_if_none_match_is_a_304_without_building_the_body(client, territory):
    PlaceFactory()
    etag = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")["ETag"]  # weak (W/"...") once compressed

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"].strip("W/") == etag.strip("W/")
    assert len(captured) == 1  # the version of the places, nothing else
    assert "places_place" in captured[0]["sql"].lower() and "max(" in captured[0]["sql"].lower()


def test_the_etag_changes_when_a_place_changes_is_added_or_removed(client, territory):
    place = PlaceFactory(name="Avant")
    first = client.get(URL)["ETag"]

    place.name = "Après"
    place.save()
    renamed = client.get(URL, HTTP_IF_NONE_MATCH=first)
    assert renamed.status_code == 200
    assert renamed.json()["features"][0]["properties"]["name"] == "Après"

    added = PlaceFactory(name="Nouveau")
    with_new = client.get(URL)["ETag"]
    assert with_new not in (first, renamed["ETag"])
    Place.objects.filter(pk=added.pk).delete()
    assert client.get(URL)["ETag"] not in (first, with_new)


def test_each_search_has_its_own_etag_and_open_now_none(client, territory):
    PlaceFactory()

    assert client.get(URL)["ETag"] != client.get(f"{URL}?kind=comptoir")["ETag"]
    assert "ETag" not in client.get(f"{URL}?open_now=true")  # depends on the time, not only on the places


def test_an_invalid_search_is_a_400_without_etag(client, territory):
    response = client.get(f"{URL}?radius=abc&commune=Mende")

    assert response.status_code == 400
    assert "ETag" not in response


@pytest.mark.parametrize("url", [URL, FULL_URL])
def test_geojson_query_count_does_not_grow_with_places(client, territory, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    PlaceFactory(complete=True)
    few = queries()
    for n in range(30):
        PlaceFactory(name=f"Lieu {n:02d}", commune=commune("48009" if n % 2 else "48095"))
    assert queries() == few


def test_the_open_data_geojson_is_the_complete_export(client, territory):
    PlaceFactory(name="Complet", complete=True)
    PlaceFactory(name="Fermé", closed=True)

    response = client.get(FULL_URL, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.content))
    PlaceFeatureCollection.model_validate(body)
    (feature,) = body["features"]
    assert feature["properties"]["services"]["wifi_gratuit"] is True
    assert feature["properties"]["connectivity"]["download_mbps"] == 940.5
    assert client.get(FULL_URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_open_data_page_links_both_geojson_files(client, territory):
    html = client.get("/opendata/").content.decode()

    assert 'href="/api/v1/places.geojson"' in html
    assert 'href="/opendata/lieux.geojson"' in html


@pytest.mark.parametrize("url", [URL, FULL_URL])
def test_the_body_is_built_once_per_version_and_a_change_shows_at_once(client, territory, settings, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    place = PlaceFactory(name="Le Relais")
    assert "Le Relais" in client.get(url).content.decode()

    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert "Le Relais" in second.content.decode()
    # The version (one aggregate) and the shared cache's read: no place is loaded again.
    assert not any("places_place" in q["sql"] and "MAX" not in q["sql"].upper() for q in again.captured_queries)

    place.name = "Le Relais de l'Aubrac"
    place.save()
    assert "Le Relais de l'Aubrac" in client.get(url).content.decode()
    assert client.get(url, HTTP_HOST="autre.example").json()["features"], "another host gets its own addresses"
    cache.clear()
