"""What a visitor does on /lieux/ in Chromium: filter, search near a commune, open a place; mouse and keyboard."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from solozere.places.geo import haversine_km
from solozere.places.models import PlaceKind
from solozere.territory.selectors import lookup_commune
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.browser

LIST_ITEMS = "#place-list > li"
TELECENTRE_BOX = re.compile(r"^Télécentre \(\d+\)$")  # the label says how many places it would show
MARKERS = "#places-map .leaflet-marker-icon"

# (name, kind, km north of Saint-Chély's town hall, km east): some inside 20 km, some just outside.
LAYOUT = [
    ("Télécentre du Bourg", PlaceKind.TELECENTRE, 0.8, 0.3),
    ("Comptoir de la Gare", PlaceKind.COMPTOIR, 4.0, -2.0),
    ("Télécentre de la Margeride", PlaceKind.TELECENTRE, -9.0, 6.0),
    ("Tiers-lieu du Plateau", PlaceKind.TIERS_LIEU, 12.0, 11.0),
    ("Comptoir de la Truyère", PlaceKind.COMPTOIR, -19.2, 0.0),
    ("Télécentre d'Aubrac", PlaceKind.TELECENTRE, 0.0, -20.8),
    ("Tiers-lieu lointain", PlaceKind.TIERS_LIEU, 45.0, 10.0),
]


@pytest.fixture
def places(transactional_db, territory):
    """Places around Saint-Chély-d'Apcher at known distances, plus a demo one and two in Mende."""
    origin = lookup_commune("Saint-Chély-d'Apcher").match
    km_per_degree_lat = 111.2
    km_per_degree_lon = 111.2 * 0.7096  # cos(44.8°)
    created = []
    for name, kind, north, east in LAYOUT:
        created.append(
            PlaceFactory(
                name=name,
                kind=kind,
                commune=commune("48140"),
                latitude=origin.latitude + north / km_per_degree_lat,
                longitude=origin.longitude + east / km_per_degree_lon,
                location_is_approximate=False,
            )
        )
    created.append(PlaceFactory(name="Télécentre de démonstration", kind=PlaceKind.TELECENTRE, demo=True))
    created.append(PlaceFactory(name="Café numérique de Mende", kind=PlaceKind.COMPTOIR, comptoir=True))
    return created


def list_names(page) -> list[str]:
    return page.locator(LIST_ITEMS).evaluate_all("items => items.map(i => i.dataset.placeName)")


def map_points(page) -> list[dict]:
    """Every marker of the map, drawn or inside a group of close ones, in the list's order."""
    return page.evaluate("() => document.getElementById('places-map').placesMap.points()")


def marker_names(page) -> list[str]:
    return [point["name"] for point in map_points(page)]


def wait_for_map(page, count: int) -> None:
    page.wait_for_function(
        "n => { const map = document.getElementById('places-map');"
        " return map.dataset.markerCount === String(n) && map.placesMap && map.placesMap.points().length === n; }",
        arg=count,
    )


def expected_within(places, radius_km: float) -> list[str]:
    origin = lookup_commune("Saint-Chély-d'Apcher").match
    distances = [
        (haversine_km(origin.latitude, origin.longitude, p.latitude, p.longitude), p.name)
        for p in places
        if p.latitude is not None
    ]
    return [name for distance, name in sorted(distances) if distance <= radius_km]


def test_filtering_to_telecentres_updates_list_and_markers_together(page, places, screenshots_dir):
    page.goto("/lieux/")
    wait_for_map(page, len(places))
    assert sorted(list_names(page)) == sorted(marker_names(page))

    page.get_by_role("checkbox", name=TELECENTRE_BOX).check()
    page.get_by_role("button", name="Afficher les lieux").click()

    telecentres = sorted(p.name for p in places if p.kind == PlaceKind.TELECENTRE)
    wait_for_map(page, len(telecentres))
    assert list_names(page) == telecentres
    assert marker_names(page) == telecentres
    assert re.search(r"[?&]kind=telecentre", page.url)  # the search is in the URL: shareable
    assert page.locator("#results-status").inner_text().strip() == f"{len(telecentres)} lieux trouvés"
    # Markers say their kind by a letter and a label, not by colour alone.
    assert {point["letter"] for point in map_points(page)} == {"T"}
    assert [point["name"] for point in map_points(page) if point["demo"]] == ["Télécentre de démonstration"]
    drawn_letters = page.locator(f"{MARKERS} .place-marker-letter").all_inner_texts()
    assert set(drawn_letters) <= {"T"}
    demo = page.locator(f"{MARKERS}.place-marker-demo")
    if demo.count():  # drawn, not inside a group
        assert "démo" in demo.inner_text()
    page.screenshot(path=str(screenshots_dir / "places-list-telecentres.png"), full_page=True)

    # The pushed URL reloads to the same results, without htmx.
    page.reload()
    wait_for_map(page, len(telecentres))
    assert list_names(page) == telecentres


def test_near_saint_chely_lists_exactly_the_places_within_20_km_nearest_first(page, places, screenshots_dir):
    expected = expected_within(places, 20)
    assert 3 < len(expected) < len(places)  # the layout really tests the boundary

    page.goto("/lieux/")
    page.get_by_label("Commune, ancienne commune ou code postal").fill("Saint-Chély-d'Apcher")
    page.get_by_label("Rayon (km)").fill("20")
    page.get_by_role("button", name="Afficher les lieux").click()

    wait_for_map(page, len(expected))
    assert list_names(page) == expected
    assert marker_names(page) == expected
    first_distance = page.locator(f"{LIST_ITEMS} .distance").first.inner_text()
    assert re.fullmatch(r"à \d+,\d km", first_distance)
    assert "radius=20" in page.url
    page.screenshot(path=str(screenshots_dir / "places-near-saint-chely.png"), full_page=True)


def test_an_ambiguous_postal_code_offers_choices_that_rerun_the_search(page, places):
    page.goto("/lieux/")
    page.get_by_label("Commune, ancienne commune ou code postal").fill("48140")
    page.get_by_label("Rayon (km)").fill("20")
    page.get_by_role("button", name="Afficher les lieux").click()

    choices = page.locator("#commune-choices")
    choices.wait_for()
    assert page.get_by_role("alert").inner_text().find("correspond à plusieurs communes") >= 0
    choices.get_by_role("link", name="Saint-Chély-d'Apcher").click()

    expected = expected_within(places, 20)
    wait_for_map(page, len(expected))
    assert list_names(page) == expected
    assert page.locator("#commune-choices").count() == 0


def test_bad_radius_is_explained_and_kept_in_the_field(page, places):
    page.goto("/lieux/")
    page.get_by_label("Commune, ancienne commune ou code postal").fill("Mende")
    page.get_by_label("Rayon (km)").fill("abc")
    page.get_by_role("button", name="Afficher les lieux").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Le rayon doit être un nombre entier de kilomètres." in alert.inner_text()
    radius = page.get_by_label("Rayon (km)")
    assert radius.input_value() == "abc"
    page.wait_for_function("() => document.getElementById('id_radius').getAttribute('aria-invalid') === 'true'")
    assert "Le rayon doit être un nombre entier" in page.locator("#field-errors-radius").inner_text()


def test_commune_suggestions_fill_the_datalist(page, places):
    page.goto("/lieux/")
    page.get_by_label("Commune, ancienne commune ou code postal").press_sequentially("saint ch", delay=30)

    page.wait_for_function("() => document.querySelectorAll('#commune-suggestions option').length > 0")
    values = page.locator("#commune-suggestions option").evaluate_all("options => options.map(o => o.value)")
    assert "Saint-Chély-d'Apcher (48200)" in values
    assert "communes" not in page.url  # the suggestion request does not touch the address bar


def test_opening_a_place_from_the_list(page, places, screenshots_dir):
    page.goto("/lieux/?kind=telecentre")
    page.get_by_role("link", name="Télécentre du Bourg").click()

    page.wait_for_url(re.compile(r".*/lieux/telecentre-du-bourg/\?from=.*"))
    assert page.get_by_role("heading", level=1, name="Télécentre du Bourg", exact=True).count() == 1
    page.wait_for_function("() => document.querySelectorAll('#place-map .leaflet-marker-icon').length === 1")
    assert page.locator("script[type='application/ld+json']").count() == 1
    page.screenshot(path=str(screenshots_dir / "place-detail.png"), full_page=True)


def test_a_marker_opens_a_popup_with_a_link_to_the_place(page, places):
    page.goto("/lieux/?kind=comptoir")
    wait_for_map(page, 3)

    marker = page.locator(f"{MARKERS}[data-place-name='Comptoir de la Gare']")
    popup = page.locator(".leaflet-popup-content")
    # Leaflet ignores a click made while the map still zooms to fit the markers (seen on a loaded machine): wait for
    # the animation to end, and click again if the first click fell in it.
    for _ in range(3):
        page.wait_for_function("() => !document.querySelector('#places-map.leaflet-zoom-anim')")
        marker.click()
        try:
            popup.wait_for(timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    popup.wait_for()
    assert popup.get_by_role("link", name="Comptoir de la Gare").count() == 1


def tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches the JS predicate (given `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean(el && ({predicate})); }}"):
            return
    raise AssertionError(f"never reached by keyboard: {predicate}")


def test_the_whole_flow_works_with_the_keyboard_only(page, places, screenshots_dir):
    page.goto("/lieux/")
    wait_for_map(page, len(places))

    tab_to(page, "el.id === 'id_commune'")
    page.keyboard.type("Saint-Chély-d'Apcher")
    tab_to(page, "el.id === 'id_radius'")
    page.keyboard.type("20")
    tab_to(page, "el.name === 'kind' && el.value === 'telecentre'")
    page.keyboard.press("Space")
    assert page.get_by_role("checkbox", name=TELECENTRE_BOX).is_checked()
    tab_to(page, "el.type === 'submit'")
    page.screenshot(path=str(screenshots_dir / "places-keyboard-form.png"), full_page=False)
    page.keyboard.press("Enter")

    expected = [
        name for name in expected_within(places, 20) if name in {p.name for p in places if p.kind == "telecentre"}
    ]
    wait_for_map(page, len(expected))
    assert list_names(page) == expected
    assert marker_names(page) == expected

    first = expected[0]
    tab_to(page, f"el.tagName === 'A' && el.textContent.trim() === {first!r}")
    focused_outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none"  # focus is visible
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/lieux/telecentre-du-bourg/\?from=.*"))
    assert first in page.get_by_role("heading", level=1).inner_text()
    page.screenshot(path=str(screenshots_dir / "place-detail-keyboard.png"), full_page=True)


def test_without_javascript_the_form_still_submits(browser, live_server, places):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
    )
    page = context.new_page()
    try:
        page.goto("/lieux/")
        assert page.locator("#places-map .map-fallback").count() == 1
        page.get_by_text("Filtrer les lieux").click()  # folded when no filter is active: a <details>, no script
        page.get_by_role("checkbox", name=TELECENTRE_BOX).check()
        page.get_by_role("button", name="Afficher les lieux").click()
        page.wait_for_url(re.compile(r".*kind=telecentre.*"))
        assert list_names(page) == sorted(p.name for p in places if p.kind == PlaceKind.TELECENTRE)
    finally:
        context.close()
