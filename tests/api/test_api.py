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
        "application/geo+json": {"schema": {"$ref": "#/components/schemas/PlaceMapCollection"}}
    }
    for operation in (listing, geojson):
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    assert listing["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    schemas = openapi["components"]["schemas"]
    assert {"PlacePage", "PlaceOut", "PlaceMapCollection", "PlaceMapFeature", "ErrorOut"} <= set(schemas)
    assert "distance_km" in schemas["PlaceOut"]["properties"]
    assert "latitude" not in schemas["PlaceMapProperties"]["properties"]


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
    # The CSP nonce is random base64 and may spell "cdn" by chance; only the markup around it counts.
    assert "cdn" not in re.sub(r'nonce="[^"]*"', "", html).lower()
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


# --- The contract (issue 8): one error shape, every status declared, ASCII names -------------------------------
def test_operation_ids_and_tags_are_ascii_identifiers_with_french_descriptions(openapi):
    operations = [op for path in openapi["paths"].values() for op in path.values()]
    ids = sorted(op["operationId"] for op in operations)

    assert ids == [
        "cancel_booking",
        "create_booking",
        "get_community_stats",
        "get_event",
        "list_aid_schemes",
        "list_bookings",
        "list_events",
        "list_places",
        "list_resources",
        "place_availability",
        "places_geojson",
        "simulate_aid",
    ]
    assert {tag for op in operations for tag in op["tags"]} == {
        "lieux",
        "recensement",
        "aides",
        "agenda",
        "reservations",
        "ressources",
    }
    assert all(re.fullmatch(r"[a-z_]+", name) for name in ids)
    assert {tag["name"]: tag["description"] for tag in openapi["tags"]}["aides"] == (
        "Dispositifs d'aide et simulateur d'éligibilité."
    )


def test_every_operation_declares_its_errors_with_the_one_error_shape(openapi):
    expected = {
        ("/api/v1/places", "get"): {"200", "400", "404", "429"},
        ("/api/v1/places.geojson", "get"): {"200", "304", "400", "429"},
        ("/api/v1/stats/community", "get"): {"200", "429"},
        ("/api/v1/aid-schemes", "get"): {"200", "429"},
        ("/api/v1/aid-schemes/{id}/simulate", "post"): {"200", "400", "404", "422", "429"},
        ("/api/v1/places/{slug}/availability", "get"): {"200", "400", "404", "429"},
        ("/api/v1/bookings", "get"): {"200", "401", "429"},
        ("/api/v1/bookings", "post"): {"201", "400", "401", "403", "404", "409", "422", "429"},
        ("/api/v1/bookings/{id}/cancel", "post"): {"200", "401", "403", "404", "409", "422", "429"},
        ("/api/v1/resources", "get"): {"200", "400", "404", "429"},
    }
    for (path, method), statuses in expected.items():
        responses = openapi["paths"][path][method]["responses"]
        assert set(responses) == statuses, path
        for status in statuses - {"200", "201", "304"}:
            assert responses[status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorOut"
            }, (path, status)
    error = openapi["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["message"]
    assert set(error["properties"]) == {"message", "errors", "choices"}


def test_a_malformed_body_is_a_declared_422_in_french(client, telework_scheme):
    response = client.post(
        f"/api/v1/aid-schemes/{telework_scheme.pk}/simulate",
        data={"expenses": [{"category": "equipment", "amount": "12"}]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "La requête contient des données invalides.",
        "errors": ["« commune » est obligatoire.", "« expenses.0.amount » doit être un nombre."],
        "choices": [],
    }


def test_a_body_that_is_not_json_is_a_400_in_french(client, telework_scheme):
    response = client.post(
        f"/api/v1/aid-schemes/{telework_scheme.pk}/simulate", data="{", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "Le corps de la requête n'est pas du JSON valide."


def test_an_unknown_scheme_id_that_is_not_a_number_is_a_422_in_french(client, telework_scheme):
    response = client.post(
        "/api/v1/aid-schemes/abc/simulate", data={"commune": "48076"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == ["« id » doit être un nombre entier."]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?open_now=null", "« open_now » doit valoir true ou false."),
        ("?open_now=1", "« open_now » doit valoir true ou false."),
        ("?commune=Mende&commune=Florac", "« commune » ne peut être donné qu'une fois."),
        ("?open_now=true&open_now=true", "« open_now » ne peut être donné qu'une fois."),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/places", "/api/v1/places.geojson"])
def test_a_query_parameter_that_is_not_of_its_documented_type_is_refused(client, territory, url, query, message):
    response = client.get(f"{url}{query}")

    assert response.status_code == 400
    assert message in response.json()["errors"]


@pytest.mark.parametrize("query", ["?open_now=true", "?open_now=on", "?open_now=false", "?open_now="])
def test_open_now_accepts_the_documented_booleans_and_the_pages_checkbox(client, territory, query):
    assert client.get(f"/api/v1/places{query}").status_code == 200
