"""Journeys of issue 9 end to end in Chromium, as a new visitor or a manager would make them: nothing done on the way
is lost, the keyboard is enough, and what a page says matches what was entered."""

import datetime as dt
import re

import pytest
from django.core import mail

from solozere.aids.models import AidScheme
from solozere.aids.reference import TELEWORK_AID_SLUG
from solozere.aids.services import aid_schemes_load
from solozere.places import views as place_views
from tests.accounts.factories import PASSWORD
from tests.browser import helpers

pytestmark = pytest.mark.browser

PASSWORD_LABEL = re.compile(r"^Mot de passe\s*:?$")


def text_of(locator) -> str:
    return " ".join(locator.inner_text().replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def open_aid(transactional_db, territory):
    aid_schemes_load()
    scheme = AidScheme.objects.get(slug=TELEWORK_AID_SLUG)
    scheme.budget_envelope = 30000
    scheme.envelope_to_confirm = False
    scheme.save()
    return scheme


def test_a_new_visitor_simulates_signs_up_confirms_and_lands_on_the_prefilled_application(page, open_aid):
    # 1. The simulator, as a visitor.
    page.goto("/aide-teletravail/")
    page.get_by_label("Commune où habite le salarié").fill("Javols")
    page.get_by_label("Département du siège de l'entreprise").fill("75")
    page.get_by_label("Oui, c'est nouveau").check()
    page.get_by_label("Matériel informatique et de communication").fill("1500")
    page.get_by_label("Aménagement d'un bureau au domicile du salarié").fill("900")
    page.get_by_role("button", name="Simuler").click()
    page.locator("#verdict-title").wait_for()
    assert "Éligible" in text_of(page.locator("#simulation"))

    # 2. "Déposer une demande avec ces réponses": not signed in, so the log-in page, whose sign-up link carries on.
    helpers.submit(page, page.get_by_role("link", name="Déposer une demande avec ces réponses"))
    assert "/compte/login/" in page.url
    helpers.submit(page, page.get_by_role("main").get_by_role("link", name=re.compile("Créer un compte|inscri", re.I)))
    assert "/compte/signup/" in page.url
    page.get_by_label("Adresse e-mail", exact=True).fill("nouvelle@entreprise.example")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name="Vérifiez votre adresse e-mail").wait_for()

    # 3. The link of the e-mail, opened in the same browser: confirmed, signed in, on the application.
    [message] = mail.outbox
    link = re.search(r"http://[^/\s]+(/compte/confirm-email/\S+)", message.body).group(1)
    page.goto(link)
    helpers.submit(page, page.get_by_role("button", name="Confirmer mon adresse"))
    page.get_by_role("heading", level=1, name="Nouvelle demande d'aide").wait_for()
    expect_signed_in(page)
    summary = text_of(page.locator("#reponses-reprises"))
    assert "Commune du salarié : Javols" in summary
    assert "Télétravail nouveau : Oui, c'est nouveau" in summary
    assert "Matériel informatique et de communication : 1500 €" in summary
    assert "Aménagement d'un bureau au domicile du salarié : 900 €" in summary

    # 4. An error keeps what was typed and is announced at the top: a SIRET that is not one.
    page.get_by_label("SIRET de l'entreprise").fill("732 829 320 00075")
    page.get_by_label("Raison sociale").fill("Fromagerie du Gévaudan")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    summary_box = page.locator(".error-summary")
    assert summary_box.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.closest('.error-summary') !== null")
    first_box = page.locator("main form, main .error-summary").first
    assert first_box.evaluate("el => el.classList.contains('error-summary')")  # above the form
    assert "SIRET" in text_of(summary_box)
    assert page.get_by_label("SIRET de l'entreprise").input_value() == "732 829 320 00075"
    assert page.get_by_label("Raison sociale").input_value() == "Fromagerie du Gévaudan"
    # The error's link takes the person to the field.
    summary_box.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_siret"

    # 5. Corrected, the next steps carry the simulator's answers.
    page.get_by_label("SIRET de l'entreprise").fill("732 829 320 00074")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    assert page.get_by_label("Commune de résidence du salarié").input_value() == "Javols"
    assert page.get_by_label("Oui, c'est nouveau").is_checked()
    page.get_by_label("Prénom du salarié").fill("Camille")
    helpers.submit(page, page.get_by_role("button", name="Enregistrer et continuer"))
    lines = page.locator("fieldset.expense-line")
    amounts = {
        lines.nth(i).locator("select").evaluate("s => s.options[s.selectedIndex].text"): (
            lines.nth(i).locator("input[name$='amount_excl_tax']").input_value(),
            lines.nth(i).locator("input[name$='amount_incl_tax']").input_value(),
        )
        for i in range(lines.count())
        if lines.nth(i).locator("select").input_value()
    }
    assert amounts == {
        # The company's equipment counts before tax, the employee's office with tax (the scheme's rules).
        "Matériel informatique et de communication (montant HT retenu)": ("1500", ""),
        "Aménagement d'un bureau au domicile du salarié (montant TTC retenu)": ("", "900"),
    }, amounts


def expect_signed_in(page) -> None:
    assert page.get_by_role("button", name="Se déconnecter").count() == 1


# The manager's week ----------------------------------------------------------------------------------------------

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))


def tab_to(page, predicate: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches the JS predicate (given `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean(el && ({predicate})); }}"):
            return
    raise AssertionError(f"never reached by keyboard: {predicate}")


def type_time(page, time: str, twelve_hours: bool | None) -> bool:
    """Type a time into the focused time input as a person does, digits only, in the order the field shows. Chromium
    draws the field from its own interface language, not the page's: a 24-hour field in a French Chromium, hours,
    minutes then AM/PM in an English one (as here: its language cannot be set headless). The first time typed, 09:00,
    tells which: the same digits in both, and the value is only set once AM/PM is given too."""
    hour, minute = (int(part) for part in time.split(":"))
    if twelve_hours is None:
        assert hour < 12
        page.keyboard.type(f"{hour:02d}{minute:02d}")
        if page.evaluate("() => document.activeElement.value"):
            return False
        page.keyboard.type("A")
        return True
    if twelve_hours:
        page.keyboard.type(f"{hour % 12 or 12:02d}{minute:02d}{'P' if hour >= 12 else 'A'}")
    else:
        page.keyboard.type(f"{hour:02d}{minute:02d}")
    return twelve_hours


def test_a_manager_fills_the_week_with_the_keyboard_only_and_the_page_says_open_now(
    page, transactional_db, territory, monkeypatch
):
    from tests.accounts.factories import UserFactory
    from tests.places.factories import PlaceFactory

    manager = UserFactory(email="gestionnaire@example.org", first_name="Jeanne", last_name="Pagès")
    place = PlaceFactory(name="Télécentre de Mende", opening_hours="")
    place.managers.add(manager)
    helpers.log_in(page, manager.email)
    page.goto(f"/lieux/{place.slug}/gerer/horaires/")

    # Monday to Friday, two intervals each: type the times, Tab between them.
    twelve_hours = None
    for day in ("mo", "tu", "we", "th", "fr"):
        for slot, time in (("start1", "09:00"), ("end1", "12:00"), ("start2", "14:00"), ("end2", "18:00")):
            tab_to(page, f"el.id === 'id_{day}_{slot}'")
            twelve_hours = type_time(page, time, twelve_hours)
            assert page.evaluate("() => document.activeElement.value") == time
    for day in ("sa", "su"):
        tab_to(page, f"el.id === 'id_{day}_closed'")
        page.keyboard.press("Space")
    tab_to(page, "el.name === 'holidays'")
    # A radio group is one stop: the arrows move inside it, Space picks the focused one.
    while page.evaluate("() => document.activeElement.value") != "closed":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit'")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Enregistrer les horaires"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Horaires enregistrés" in text_of(page.locator("body")), text_of(page.locator("body"))
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:00; PH off"
    # The grid reads back what was saved.
    assert page.locator("#id_we_start2").input_value() == "14:00"
    assert page.locator("#id_sa_closed").is_checked()

    def state_at(*moment: int) -> str:
        monkeypatch.setattr(place_views, "clock", lambda: dt.datetime(*moment, tzinfo=PARIS_WINTER))
        page.goto(place.get_absolute_url())
        return text_of(page.locator(".hours-now"))

    assert state_at(2026, 12, 3, 10, 0) == "Ouvert maintenant (jeudi 3 décembre, 10:00, heure de Paris)"
    week = text_of(page.locator("table.week-hours"))
    for day in (
        "Lundi 30 novembre",
        "Mardi 1er décembre",
        "Mercredi 2 décembre",
        "Jeudi 3 décembre",
        "Vendredi 4 décembre",
    ):
        assert re.search(rf"{day}( aujourd'hui)? 09:00\W12:00, 14:00\W18:00", week), week
    assert "Samedi 5 décembre Fermé" in week and "Dimanche 6 décembre Fermé" in week
    assert "Fermé les jours fériés." in text_of(page.get_by_role("main"))
    assert state_at(2026, 12, 3, 12, 30).startswith("Fermé maintenant (jeudi 3 décembre, 12:30")  # lunch
    assert state_at(2026, 12, 25, 10, 0).startswith("Fermé maintenant (vendredi 25 décembre, 10:00")  # Christmas
    assert "Vendredi 25 décembre aujourd'hui jour férié Fermé" in text_of(page.locator("table.week-hours"))
    assert state_at(2027, 1, 1, 10, 0).startswith("Fermé maintenant (vendredi 1er janvier")  # New Year's Day, a Friday
    # A visitor sees the same.
    page.context.clear_cookies()
    assert state_at(2026, 12, 4, 15, 0).startswith("Ouvert maintenant (vendredi 4 décembre, 15:00")


# Finding a place -------------------------------------------------------------------------------------------------

MENDE = (44.5181, 3.5006)


@pytest.fixture
def close_places(transactional_db, territory):
    """Two places at the very same position, a third 15 m away, and one elsewhere."""
    from solozere.places.models import PlaceKind
    from tests.places.factories import PlaceFactory

    lat, lon = MENDE
    made = [
        PlaceFactory(name="Comptoir de la Halle", kind=PlaceKind.COMPTOIR, latitude=lat, longitude=lon),
        PlaceFactory(name="Télécentre de la Halle", kind=PlaceKind.TELECENTRE, latitude=lat, longitude=lon),
        PlaceFactory(name="Tiers-lieu du Pont", kind=PlaceKind.TIERS_LIEU, latitude=lat + 0.000135, longitude=lon),
        PlaceFactory(name="Télécentre de Marvejols", kind=PlaceKind.TELECENTRE, latitude=44.5537, longitude=3.2917),
    ]
    for place in made:
        place.location_is_approximate = False
        place.save()
    return made


def wait_for_markers(page, count: int) -> None:
    page.wait_for_function(
        "n => { const map = document.getElementById('places-map');"
        " return map.placesMap && map.placesMap.points().length === n; }",
        arg=count,
    )


def wait_still(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('#places-map.leaflet-zoom-anim')"
        " && !document.querySelector('.leaflet-cluster-anim')"
    )


def test_places_on_the_same_spot_are_grouped_and_each_one_opens(page, close_places):
    page.goto("/lieux/")
    wait_for_markers(page, 4)
    wait_still(page)
    cluster = page.locator("#places-map .place-cluster")
    assert cluster.count() == 1
    assert "3 lieux" in cluster.inner_text()
    hidden = ["Comptoir de la Halle", "Télécentre de la Halle", "Tiers-lieu du Pont"]
    for name in hidden:
        assert page.locator(f'#places-map .leaflet-marker-icon[data-place-name="{name}"]').count() == 0

    # The group opens (zooms in, then spreads out the places that share a position) until every place is drawn.
    for _ in range(6):
        groups = page.locator("#places-map .place-cluster")
        if not groups.count():
            break
        groups.first.click()
        wait_still(page)
        page.wait_for_timeout(300)
    for name in hidden:
        marker = page.locator(f'#places-map .leaflet-marker-icon[data-place-name="{name}"]')
        assert marker.count() == 1, name
        marker.click()
        popup = page.locator(".leaflet-popup-content")
        popup.get_by_role("link", name=name).wait_for()
        href = popup.get_by_role("link", name=name).get_attribute("href")
        assert href.startswith("/lieux/")
        page.keyboard.press("Escape")  # closes the popup, which covers the next marker, and refocuses the marker
        popup.wait_for(state="detached")
        assert page.evaluate("() => document.activeElement.dataset.placeName") == name


def test_on_a_phone_the_list_and_the_map_take_turns_and_the_filters_fold(browser, live_server, close_places):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    page = context.new_page()
    try:
        page.goto("/lieux/")
        wait_for_markers(page, 4)
        switch = page.get_by_role("group", name="Affichage des lieux")
        list_button, map_button = switch.get_by_role("button", name="Liste"), switch.get_by_role("button", name="Carte")
        the_map, the_list = page.locator("#places-map"), page.locator("#place-list")
        assert list_button.get_attribute("aria-pressed") == "true"
        assert the_list.is_visible() and not the_map.is_visible()
        # The switch comes before the list: the map is reached without going through every place.
        assert page.evaluate(
            "() => Boolean(document.querySelector('[data-view-switch]').compareDocumentPosition("
            "document.getElementById('place-list')) & Node.DOCUMENT_POSITION_FOLLOWING)"
        )
        map_button.click()
        assert map_button.get_attribute("aria-pressed") == "true"
        assert the_map.is_visible() and not the_list.is_visible()
        box = the_map.bounding_box()
        assert box["width"] > 300 and box["height"] > 200  # drawn at its size, not 0 by 0 after being hidden
        page.wait_for_function("() => document.querySelectorAll('#places-map .leaflet-marker-icon').length > 0")
        list_button.click()
        assert the_list.is_visible() and not the_map.is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

        # The filters are folded, open on a tap, and fold again.
        filters = page.locator("details[data-filters]")
        commune = page.get_by_label("Commune, ancienne commune ou code postal")
        assert filters.get_attribute("open") is None and not commune.is_visible()
        page.get_by_text("Filtrer les lieux").click()
        assert commune.is_visible()
        page.get_by_text("Filtrer les lieux").click()
        assert not commune.is_visible()
    finally:
        context.close()


def open_filters(page) -> None:
    if page.locator("details[data-filters]").get_attribute("open") is None:
        page.get_by_text("Filtrer les lieux").click()


def located_page(browser, live_server, *, allow: bool):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        geolocation={"latitude": 44.8031, "longitude": 3.2761}
        if allow
        else None,  # by Saint-Chély-d'Apcher's town hall
        permissions=["geolocation"] if allow else [],
    )
    requests: list[str] = []
    context.route(
        "**/*",
        lambda r: (
            (requests.append(r.request.url), r.continue_())
            if r.request.url.startswith(live_server.url)
            else (requests.append(r.request.url), r.abort())
        ),
    )
    return context, context.new_page(), requests


def test_around_me_fills_the_nearest_commune_and_sends_the_position_nowhere_else(browser, live_server, close_places):
    context, page, requests = located_page(browser, live_server, allow=True)
    try:
        page.goto("/lieux/")
        open_filters(page)
        page.get_by_role("button", name="Autour de moi").click()
        commune = page.get_by_label("Commune, ancienne commune ou code postal")
        # The nearest commune goes into the field and the form is sent: the results are around it.
        page.wait_for_url(re.compile(r".*commune=Saint-Ch%C3%A9ly-d%27Apcher.*|.*commune=Saint-Ch.ly-d'Apcher.*"))
        assert commune.input_value().startswith("Saint-Chély-d'Apcher")
        located = [url for url in requests if "commune-proche" in url]
        assert located and all(url.startswith(live_server.url) for url in located)
        assert all(url.startswith(live_server.url) for url in requests if "lat=" in url)
    finally:
        context.close()


def test_around_me_denied_keeps_the_typed_commune_and_says_so_in_french(browser, live_server, close_places):
    context, page, requests = located_page(browser, live_server, allow=False)
    try:
        page.goto("/lieux/")
        open_filters(page)
        commune = page.get_by_label("Commune, ancienne commune ou code postal")
        commune.fill("Marvejols")
        page.get_by_role("button", name="Autour de moi").click()
        status = page.locator("#locate-status")
        page.wait_for_function(
            "() => document.getElementById('locate-status').textContent.trim() !== ''"
            " && !document.getElementById('locate-status').textContent.includes('Recherche')"
        )
        assert status.inner_text() == "Vous n'avez pas autorisé la localisation : indiquez votre commune dans le champ."
        assert status.get_attribute("role") == "status"
        assert commune.input_value() == "Marvejols"
        assert page.evaluate("() => document.activeElement.id") == "id_commune"
        assert not [url for url in requests if "commune-proche" in url]
    finally:
        context.close()
