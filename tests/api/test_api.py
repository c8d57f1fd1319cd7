import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_documents_both_place_endpoints_with_their_schemas(openapi):
    assert openapi["openapi"].startswith("3.")
    listing = openapi["paths"]["/api/v1/places"]["get"]
    geojson = openapi["paths"]["/api/v1/places.geojson"]["get"]

    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PlacePage"
    }
    assert geojson["responses"]["200"]["content"] == {
        "application/geo+json": {"schema": {"$ref": "#/components/schemas/PlaceFeatureCollection"}}
    }
    for operation in (listing, geojson):
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/SearchError"
        }
    assert listing["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchError"
    }
    schemas = openapi["components"]["schemas"]
    assert {"PlacePage", "PlaceOut", "PlaceFeatureCollection", "PlaceFeature", "SearchError"} <= set(schemas)
    assert "distance_km" in schemas["PlaceOut"]["properties"]
    assert "latitude" not in schemas["PlaceProperties"]["properties"]


def test_openapi_documents_the_filters_with_their_real_types(openapi):
    listing = {p["name"]: p for p in openapi["paths"]["/api/v1/places"]["get"]["parameters"]}
    geojson = {p["name"] for p in openapi["paths"]["/api/v1/places.geojson"]["get"]["parameters"]}

    assert set(listing) == {"kind", "service", "open_now", "commune", "radius", "demo", "page", "page_size"}
    assert geojson == {"kind", "service", "open_now", "commune", "radius", "demo"}
    assert listing["kind"]["schema"]["type"] == "array"
    assert listing["kind"]["explode"] is True
    assert listing["kind"]["schema"]["items"]["enum"] == ["comptoir", "telecentre", "tiers_lieu"]
    assert "wifi_gratuit" in listing["service"]["schema"]["items"]["enum"]
    assert listing["radius"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 300, "default": 20}
    assert listing["page_size"]["schema"]["maximum"] == 200


def test_docs_page_uses_only_local_assets(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, html
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise load a badge from validator.swagger.io
    for asset in [ref for ref in references if ref.startswith("/static/")]:
        assert client.get(asset).status_code == 200, asset


@pytest.mark.browser
def test_docs_page_works_offline_in_a_browser(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/api/docs")

    page.get_by_text("/api/v1/places.geojson").first.wait_for()
    assert page.get_by_text("Rechercher des lieux (JSON paginé)").count() == 1
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
