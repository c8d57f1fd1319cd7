"""The Content-Security-Policy blocks nothing the site itself does: map, markers, tiles, htmx, API docs, admin."""

import base64

import pytest

from solozere.places.models import Place
from tests.browser.helpers import log_in
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.browser

TILE_HOST = "https://tiles.example.test"
# A one-pixel transparent PNG, served for every tile so that the test fetches nothing from the network.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page, settings):  # type: ignore[no-untyped-def]
    """The page, with a tile server at another origin and every CSP violation or policy error recorded."""
    from config.settings.base import content_security_policy

    settings.MAP_TILE_URL = TILE_HOST + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "Tuiles de test"
    settings.CONTENT_SECURITY_POLICY = content_security_policy(settings.MAP_TILE_URL)
    page.route(TILE_HOST + "/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL))
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and ("Content Security Policy" in message.text or "Policy" in message.text)
            else None
        ),
    )
    page.policy_errors = errors
    return page


def _assert_nothing_blocked(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("window.cspViolations") == []
    assert page.policy_errors == []


def _assert_injected_script_is_blocked(page) -> None:  # type: ignore[no-untyped-def]
    """The policy is in force and the recorder works: a script injected without the nonce does not run."""
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = true';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => window.cspViolations.length > 0")
    assert page.evaluate("window.injected") is None
    assert page.evaluate("window.cspViolations")[0].startswith("script-src-elem inline")


@pytest.fixture
def mapped_places(transactional_db, territory):  # type: ignore[no-untyped-def]
    return [
        PlaceFactory(name="Télécentre de Mende"),
        PlaceFactory(name="Comptoir de Marvejols", kind="comptoir"),
        PlaceFactory(name="Télécentre de démonstration", demo=True),
    ]


def test_the_map_its_markers_and_tiles_load_under_the_policy(watched, mapped_places) -> None:  # type: ignore[no-untyped-def]
    page = watched
    page.goto("/lieux/")
    located = Place.objects.exclude(latitude=None).count()
    # Markers are grouped when they overlap: count the map's points, grouped or not.
    page.wait_for_function(
        "n => { const map = document.getElementById('places-map');"
        " return map.placesMap && map.placesMap.points().length === n; }",
        arg=located,
    )
    page.wait_for_selector("#places-map img.leaflet-tile-loaded", state="attached")
    _assert_nothing_blocked(page)

    # htmx (allowEval off) still swaps the results and suggests communes.
    page.get_by_label("Commune, ancienne commune ou code postal").fill("Mend")
    page.wait_for_selector("#commune-suggestions option, #commune-suggestions li", state="attached")
    page.get_by_label("Commune, ancienne commune ou code postal").fill("Mende")
    page.get_by_label("Rayon (km)").fill("30")
    page.get_by_role("button", name="Afficher les lieux").click()
    page.wait_for_url("**radius=30**")
    page.wait_for_function("() => /lieux? trouvés?/.test(document.getElementById('results-status').innerText)")
    _assert_nothing_blocked(page)

    page.goto(mapped_places[0].get_absolute_url())
    page.wait_for_selector("#place-map .leaflet-marker-icon", state="attached")
    page.wait_for_selector("#place-map img.leaflet-tile-loaded", state="attached")
    _assert_nothing_blocked(page)
    _assert_injected_script_is_blocked(page)


def test_the_api_docs_render_under_the_policy(watched, transactional_db) -> None:  # type: ignore[no-untyped-def]
    page = watched
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary")
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".swagger-ui .live-responses-table .response-col_status")
    _assert_nothing_blocked(page)
    _assert_injected_script_is_blocked(page)


def test_the_admin_works_under_the_policy(watched, transactional_db, territory) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts.factories import UserFactory

    page = watched
    admin = UserFactory(superuser=True, email="admin@solozere.fr")
    place = PlaceFactory(name="Télécentre de Mende")
    log_in(page, admin.email)
    _assert_nothing_blocked(page)
    page.goto("/gestion/")
    page.wait_for_selector("#content-main")
    page.goto(f"/gestion/places/place/{place.pk}/change/")
    page.wait_for_selector("#place_form")
    page.goto("/gestion/places/place/")
    page.locator("#action-toggle").check()  # actions.js, an admin script
    _assert_nothing_blocked(page)
    _assert_injected_script_is_blocked(page)
