"""The public places pages: /lieux/ (map + list, filters, htmx), /lieux/<slug>/, and their helpers."""

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from solozere.places.geo import haversine_km
from solozere.places.models import Access, NetworkStatus, PlaceKind, Wifi
from solozere.places.search import PAGE_SIZE
from solozere.places.selectors import departement_outline
from solozere.places.services import place_set_status
from solozere.territory.selectors import lookup_commune
from tests.places.factories import MENDE, SAINT_CHELY, PlaceFactory, commune

LIST_URL = reverse("places:list")
HTMX = {"HX-Request": "true"}


class _Collector(HTMLParser):
    """Reads what a test needs from a page without depending on whitespace."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[str] = []
        self.scripts: dict[str, str] = {}
        self.ld_json: list[str] = []
        self._script: str | None = None
        self._in_card_link = False
        self._card_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li" and "place-card" in (attributes.get("class") or ""):
            self.cards.append(attributes["data-place-name"])
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._script = "ld+json"
                self.ld_json.append("")
            elif attributes.get("id"):
                self._script = attributes["id"]
                self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script == "ld+json":
            self.ld_json[-1] += data
        elif self._script:
            self.scripts[self._script] += data


def parse(response) -> _Collector:
    collector = _Collector()
    collector.feed(response.content.decode())
    return collector


def card_names(response) -> list[str]:
    return parse(response).cards


def map_data(response) -> list[dict]:
    return json.loads(parse(response).scripts["places-map-data"])


_INLINE_TAGS = re.compile(r"</?(?:a|strong|em|span|time|code|abbr)\b[^>]*>")


def text(response) -> str:
    """The page as a person reads it: tags removed (inline ones without a space), entities decoded."""
    content = _INLINE_TAGS.sub("", response.content.decode())
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())


@pytest.fixture
def places(territory):
    return {
        "telecentre": PlaceFactory(name="Télécentre de Mende", kind=PlaceKind.TELECENTRE, private_offices=True),
        "comptoir": PlaceFactory(name="Café de la Gare", comptoir=True, commune=commune(SAINT_CHELY)),
        "tiers_lieu": PlaceFactory(name="La Pompe", kind=PlaceKind.TIERS_LIEU, commune=commune("48061")),
        "demo": PlaceFactory(name="Médiathèque fictive", demo=True, comptoir=True, commune=commune("48080")),
    }


# --- /lieux/: the list and the map show the same places -------------------------------------------------------------


def test_list_shows_every_place_not_closed_with_the_same_set_and_order_on_the_map(client, places):
    PlaceFactory(name="Ancien télécentre", kind=PlaceKind.TELECENTRE, closed=True)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    names = card_names(response)
    assert names == ["Café de la Gare", "La Pompe", "Médiathèque fictive", "Télécentre de Mende"]
    assert [point["name"] for point in map_data(response)] == names


def test_map_points_carry_shape_letter_kind_and_demo_flag(client, places):
    points = {p["name"]: p for p in map_data(client.get(LIST_URL))}

    assert (points["Télécentre de Mende"]["letter"], points["Télécentre de Mende"]["kind"]) == ("T", "telecentre")
    assert points["Café de la Gare"]["letter"] == "C"
    assert points["La Pompe"]["letter"] == "L"
    assert points["Médiathèque fictive"]["demo"] is True
    assert points["Café de la Gare"]["demo"] is False
    assert points["Café de la Gare"]["url"] == places["comptoir"].get_absolute_url()
    assert points["Café de la Gare"]["approximate"] is True


def test_cards_say_kind_status_commune_services_hours_and_demo_in_text(client, places):
    page = text(client.get(LIST_URL))

    assert "Type Télécentre Statut En service Commune Mende" in page
    assert "Saint-Chély-d'Apcher" in page
    assert "Wi-Fi gratuit, Espace dédié au télétravail" in page
    assert "Horaires non renseignés" in page
    assert "Démo" in page
    assert "4 lieux trouvés" in page


def test_card_says_open_or_closed_from_the_opening_hours(client, territory, monkeypatch):
    wednesday_10am = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: wednesday_10am)
    PlaceFactory(name="Ouvert", opening_hours="Mo-Fr 08:00-18:00")
    PlaceFactory(name="Fermé le mercredi", opening_hours="Mo,Tu 08:00-18:00")

    page = text(client.get(LIST_URL))

    assert "Fermé le mercredi Type Autre tiers-lieu Statut En service Commune Mende Horaires Fermé" in page
    assert "Ouvert Type Autre tiers-lieu Statut En service Commune Mende Horaires Ouvert maintenant" in page


def test_map_config_has_no_tile_layer_in_tests_and_points_to_the_outline(client, places):
    config = json.loads(parse(client.get(LIST_URL)).scripts["places-map-config"])

    assert config["tileUrl"] == ""
    assert config["outlineUrl"] == reverse("places:departement")


def test_map_config_uses_the_tile_settings(client, places, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© example"

    config = json.loads(parse(client.get(LIST_URL)).scripts["places-map-config"])

    assert (config["tileUrl"], config["attribution"]) == ("https://tiles.example/{z}/{x}/{y}.png", "© example")


def test_page_loads_vendored_leaflet_and_the_map_script(client, places):
    content = client.get(LIST_URL).content.decode()

    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in content
    assert "/static/vendor/leaflet-1.9.4/leaflet.css" in content
    assert "/static/places/places-map.js" in content
    assert "tile.openstreetmap.org" not in content


# --- Filters ----------------------------------------------------------------------------------------------------------


def test_filter_by_kind(client, places):
    response = client.get(LIST_URL, {"kind": "telecentre"})

    assert card_names(response) == ["Télécentre de Mende"]
    assert [p["name"] for p in map_data(response)] == ["Télécentre de Mende"]
    assert 'value="telecentre" id="id_kind_1" checked' in response.content.decode()


def test_filter_by_several_kinds(client, places):
    response = client.get(LIST_URL, {"kind": ["telecentre", "tiers_lieu"]})

    assert card_names(response) == ["La Pompe", "Télécentre de Mende"]


def test_filter_by_services_requires_every_service(client, places):
    assert card_names(client.get(LIST_URL, {"service": "wifi_gratuit"})) == ["Café de la Gare", "Médiathèque fictive"]
    assert card_names(client.get(LIST_URL, {"service": ["wifi_gratuit", "bureaux"]})) == []
    assert card_names(client.get(LIST_URL, {"service": "bureaux"})) == ["Télécentre de Mende"]


def test_filter_open_now_keeps_only_places_open_now(client, territory, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC))
    PlaceFactory(name="Ouvert", opening_hours="Mo-Fr 08:00-18:00")
    PlaceFactory(name="Fermé", opening_hours="Sa 08:00-18:00")
    PlaceFactory(name="Inconnu")

    assert card_names(client.get(LIST_URL, {"open_now": "on"})) == ["Ouvert"]


@pytest.mark.parametrize(
    ("demo", "expected"),
    [
        ("inclure", ["Café de la Gare", "La Pompe", "Médiathèque fictive", "Télécentre de Mende"]),
        ("exclure", ["Café de la Gare", "La Pompe", "Télécentre de Mende"]),
        ("seulement", ["Médiathèque fictive"]),
    ],
)
def test_filter_demo_places(client, places, demo, expected):
    assert card_names(client.get(LIST_URL, {"demo": demo})) == expected


def test_near_a_commune_lists_places_within_the_radius_nearest_first_with_the_distance(client, territory):
    origin = lookup_commune("Saint-Chély-d'Apcher").match
    near = PlaceFactory(name="Tout près", latitude=origin.latitude + 0.01, longitude=origin.longitude)
    middle = PlaceFactory(name="A mi-chemin", latitude=origin.latitude + 0.1, longitude=origin.longitude)
    PlaceFactory(name="Trop loin", latitude=origin.latitude + 0.5, longitude=origin.longitude)

    response = client.get(LIST_URL, {"commune": "Saint-Chély-d'Apcher", "radius": "20"})

    assert card_names(response) == ["Tout près", "A mi-chemin"]
    assert [p["name"] for p in map_data(response)] == ["Tout près", "A mi-chemin"]
    expected = haversine_km(origin.latitude, origin.longitude, middle.latitude, middle.longitude)
    page = text(response)
    assert f"à {expected:.1f} km".replace(".", ",") in page
    assert near.name in page
    assert "Dans un rayon de 20 km autour de la mairie de Saint-Chély-d'Apcher" in page


def test_near_a_commune_without_radius_uses_twenty_km(client, territory):
    origin = lookup_commune("Mende").match
    PlaceFactory(name="A 15 km", latitude=origin.latitude + 15 / 111.2, longitude=origin.longitude)
    PlaceFactory(name="A 25 km", latitude=origin.latitude + 25 / 111.2, longitude=origin.longitude)

    response = client.get(LIST_URL, {"commune": "Mende"})

    assert card_names(response) == ["A 15 km"]
    assert "Dans un rayon de 20 km" in text(response)


def test_a_former_commune_searches_around_its_old_town_hall(client, territory):
    response = client.get(LIST_URL, {"commune": "Javols", "radius": "5"})

    assert response.status_code == 200
    assert "autour de la mairie de Javols" in text(response)


# --- Ambiguous communes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["48140", "48200"])
def test_an_ambiguous_code_offers_the_communes_as_links_that_rerun_the_search(client, territory, query):
    PlaceFactory(name="Au centre", commune=commune(SAINT_CHELY))

    response = client.get(LIST_URL, {"commune": query, "radius": "15", "kind": "tiers_lieu"})

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="commune-choices"' in content
    assert "correspond à plusieurs communes" in content
    links = re.findall(r'<li><a href="(\?[^"]+)"', content.split('id="commune-choices"')[1].split("</ul>")[0])
    assert len(links) >= 2
    for link in links:
        follow = client.get(LIST_URL + link.replace("&amp;", "&"))
        assert follow.status_code == 200
        result = follow.context["result"]
        assert result.filtered_by_distance, link
        assert result.radius_km == 15
        assert result.form.cleaned_data["kind"] == ["tiers_lieu"]


def test_48140_offers_saint_chely_and_the_communes_of_the_postal_code(client, territory):
    response = client.get(LIST_URL, {"commune": "48140"})

    choices = {c.name for c in response.context["commune_choices"]}
    assert "Saint-Chély-d'Apcher" in choices
    assert "Le Malzieu-Ville" in choices


# --- Bad input: a French message, what was typed stays, never a 500 ----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message", "field"),
    [
        ({"commune": "Mende", "radius": "abc"}, "Le rayon doit être un nombre entier de kilomètres.", "radius"),
        ({"commune": "Mende", "radius": "-5"}, "Le rayon doit être d'au moins 1 km.", "radius"),
        ({"commune": "Mende", "radius": "100000"}, "Le rayon ne peut pas dépasser 300 km.", "radius"),
        (
            {"commune": "Nulle-Part-sur-Mer"},
            "Aucune commune de Lozère ne correspond à « Nulle-Part-sur-Mer ».",
            "commune",
        ),
        ({"kind": "moulin"}, "Type de lieu inconnu : « moulin ».", "kind"),
        ({"service": "piscine"}, "Service inconnu : « piscine ».", "service"),
        ({"demo": "peut-etre"}, "Choix inconnu pour les lieux de démonstration : « peut-etre ».", "demo"),
    ],
)
def test_bad_filters_are_explained_in_an_error_summary_and_kept_in_the_form(client, places, params, message, field):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    summary = content.split('class="error-summary" role="alert"')[1].split("</div>")[0]
    assert message in summary
    assert f'href="#id_{field}' in summary
    assert message in content.split(f'id="field-errors-{field}"')[1].split("</div>")[0]
    for name, value in params.items():
        if name in ("commune", "radius"):
            assert f'name="{name}" id="id_{name}"' in content
            assert f'value="{value}"' in content
            if name == field:
                assert 'aria-invalid="true"' in content.split(f'id="id_{name}"')[1].split(">")[0]


def test_a_radius_without_commune_is_explained(client, places):
    page = text(client.get(LIST_URL, {"radius": "10"}))

    assert "Le rayon ne s'applique qu'autour d'une commune" in page
    assert "4 lieux trouvés" in page


def test_bad_filters_still_apply_the_valid_ones(client, places):
    response = client.get(LIST_URL, {"kind": "telecentre", "radius": "abc"})

    assert card_names(response) == ["Télécentre de Mende"]


def test_an_unknown_kind_among_valid_ones_is_reported(client, places):
    response = client.get(LIST_URL, {"kind": ["telecentre", "moulin"]})

    assert response.status_code == 200
    assert "Type de lieu inconnu" in text(response)


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=99999",
        "commune=" + "x" * 500,
        "radius=1e9",
        "radius=%00",
        "kind=%C0",
        "open_now=maybe",
        "commune=%27%3B--&radius=20",
        "commune=<script>alert(1)</script>",
    ],
)
def test_hostile_or_odd_input_never_breaks_the_page(client, places, query):
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_post_is_refused(client, places):
    assert client.post(LIST_URL).status_code == 405


# --- htmx -------------------------------------------------------------------------------------------------------------------


def test_the_form_updates_the_results_region_with_htmx_and_pushes_the_url(client, places):
    content = client.get(LIST_URL).content.decode()
    form = content.split('<form method="get"')[1].split(">")[0]

    assert f'data-hx-get="{LIST_URL}"' in form
    assert 'data-hx-target="#place-results"' in form
    assert 'data-hx-push-url="true"' in form
    assert 'id="place-results"' in content
    assert 'role="status"' in content


def test_an_htmx_request_gets_only_the_results_fragment(client, places):
    response = client.get(LIST_URL, {"kind": "telecentre"}, headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and "<form" not in content
    assert card_names(response) == ["Télécentre de Mende"]
    assert [p["name"] for p in map_data(response)] == ["Télécentre de Mende"]
    assert 'id="results-status" data-hx-swap-oob="innerHTML"' in content
    assert "1 lieu trouvé" in text(response)
    assert "HX-Request" in response["Vary"]


def test_an_htmx_fragment_carries_the_field_errors_out_of_band(client, places):
    response = client.get(LIST_URL, {"radius": "abc"}, headers=HTMX)

    content = response.content.decode()
    errors = content.split('id="field-errors-radius" data-hx-swap-oob="innerHTML"')[1].split("</div>")[0]
    assert "Le rayon doit être un nombre entier de kilomètres." in errors
    assert 'data-invalid-fields="radius"' in content
    assert 'role="alert"' in content


def test_an_htmx_history_restore_gets_the_whole_page(client, places):
    response = client.get(LIST_URL, headers={**HTMX, "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


# --- Pagination -------------------------------------------------------------------------------------------------------------


def test_pagination_keeps_the_filters(client, territory):
    for n in range(PAGE_SIZE + 3):
        PlaceFactory(name=f"Télécentre {n:03d}", kind=PlaceKind.TELECENTRE)

    first = client.get(LIST_URL, {"kind": "telecentre"})
    second = client.get(LIST_URL, {"kind": "telecentre", "page": "2"})

    assert len(card_names(first)) == PAGE_SIZE
    assert "103 lieux trouvés" in text(first)
    assert 'href="?kind=telecentre&amp;page=2"' in first.content.decode()
    assert card_names(second) == ["Télécentre 100", "Télécentre 101", "Télécentre 102"]
    assert f'start="{PAGE_SIZE + 1}"' in second.content.decode()
    assert len(map_data(second)) == 3


# --- Query count ---------------------------------------------------------------------------------------------------------


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST_URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params", [{}, {"commune": "Saint-Chély-d'Apcher", "radius": "300"}, {"service": "wifi_gratuit"}]
)
def test_list_query_count_does_not_grow_with_the_number_of_places(client, territory, params):
    for n in range(5):
        PlaceFactory(name=f"Lieu A{n}", comptoir=True, commune=commune(SAINT_CHELY))
    few = _queries(client, params)
    for n in range(45):
        PlaceFactory(name=f"Lieu B{n}", comptoir=True, commune=commune(MENDE), demo=n % 2 == 0)
    many = _queries(client, params)

    assert few == many
    assert many <= 6


# --- Commune suggestions and the département outline ---------------------------------------------------------------


def test_commune_suggestions_are_datalist_options_that_the_lookup_resolves(client, territory):
    response = client.get(reverse("places:communes"), {"q": "saint ch"})

    values = re.findall(r'<option value="([^"]+)">', response.content.decode())
    assert "Saint-Chély-d&#x27;Apcher (48200)" in values
    for value in values:
        assert lookup_commune(value.replace("&#x27;", "'")).found, value


def test_commune_suggestions_read_the_input_htmx_sends(client, territory):
    response = client.get(reverse("places:communes"), {"commune": "48200"})

    assert "Saint-Chély-d&#x27;Apcher (48200)" in response.content.decode()


def test_commune_suggestions_for_nothing_are_empty(client, territory):
    response = client.get(reverse("places:communes"), {"q": "z"})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_departement_outline_is_geojson_that_caches_can_keep(client, territory):
    response = client.get(reverse("places:departement"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert json.loads(response.content)["features"][0]["properties"]["nom"] == "Lozère"
    again = client.get(reverse("places:departement"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert response["ETag"].strip('"') == departement_outline().etag


# --- /lieux/<slug>/ -----------------------------------------------------------------------------------------------------


def test_unknown_slug_is_the_404_page(client, territory):
    response = client.get("/lieux/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_a_place_page_shows_every_fact(client, territory, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC))  # 10:30 in Paris
    place = PlaceFactory(complete=True, name="Télécentre complet")

    response = client.get(place.get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    for fact in [
        "Télécentre complet",
        "Type : Télécentre",
        "Bureaux privatifs ou espace partagé : rempli. Le lieu a des bureaux privatifs et un espace partagé.",
        "Connexion professionnelle : rempli. Débit mesuré de 940,5 Mbit/s en réception, au moins 30 Mbit/s.",
        "Accueil et animation : rempli.",
        "Tous les critères sont remplis.",
        "Statut actuel : Membre du réseau.",
        "2 rue de l'Épine 48000 Mende",
        "Communauté de communes Cœur de Lozère",
        "Un télécentre en centre-ville",
        "Salle de réunion Non",
        "Visioconférence Oui",
        "Cuisine / coin repas Non renseigné",
        "Wi-Fi gratuit Oui",
        "Débit descendant 940,5 Mbit/s",
        "Débit montant 400 Mbit/s",
        "Fibre optique (FttH)",
        "2 mars 2026",
        "Ouvert maintenant",
        "Mercredi 25 novembre aujourd'hui 09:00\u201312:00, 14:00\u201318:00",  # en dashes
        "Samedi 28 novembre Fermé",
        "Fermé les jours fériés.",
        "Postes de travail 12",
        "Bureaux fermés 3",
        "10 € la journée",
        "04 66 00 00 00",
        "contact@telecentre.example",
        "https://telecentre.example/",
        "Sources Visite sur place par l'équipe SoLozère.",
    ]:
        assert fact in page, fact
    assert "Position approximative (mairie) : l'emplacement exact du lieu n'est pas connu." not in page
    assert 'aria-current="date"' in response.content.decode()


def test_a_place_page_says_what_is_not_known(client, territory):
    place = PlaceFactory(name="Presque inconnu", kind=PlaceKind.COMPTOIR)

    page = text(client.get(place.get_absolute_url()))

    for fact in [
        "Adresse non connue",
        "Position approximative (mairie)",
        "Ouvert au public : inconnu.",
        "Certaines informations manquent pour vérifier tous les critères.",
        "Porteur ou gestionnaire Non renseigné",
        "Wi-Fi gratuit Non renseigné",
        "Connexion non mesurée.",
        "Horaires non renseignés.",
        "Postes de travail non renseigné",
        "Tarifs non renseignés",
        "Aucun contact renseigné.",
        "L'origine des informations n'est pas précisée.",
    ]:
        assert fact in page, fact
    assert "Ouvert maintenant" not in page and "Fermé maintenant" not in page


def test_a_place_page_shows_unreadable_hours_as_they_were_written(client, territory):
    place = PlaceFactory(name="Horaires bizarres", opening_hours="le matin sauf quand il pleut")

    page = text(client.get(place.get_absolute_url()))

    assert "que nous ne savons pas lire automatiquement : le matin sauf quand il pleut" in page


def test_a_closed_hours_state_is_said(client, territory, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 28, 20, 0, tzinfo=dt.UTC))  # Saturday
    place = PlaceFactory(name="En semaine", opening_hours="Mo-Fr 09:00-17:00")

    assert "Fermé maintenant" in text(client.get(place.get_absolute_url()))


def test_failed_comptoir_criteria_are_counted(client, territory):
    place = PlaceFactory(name="Club privé", comptoir=True, access=Access.MEMBERS, wifi=Wifi.PAID)

    page = text(client.get(place.get_absolute_url()))

    assert "Ouvert au public : non rempli." in page
    assert "Wi-Fi gratuit : non rempli. Le Wi-Fi est payant." in page
    assert "3 critères ne sont pas remplis." in page
    assert "Wi-Fi gratuit Non (Wi-Fi payant)" in page


def test_another_tiers_lieu_says_it_has_no_criteria(client, places):
    page = text(client.get(places["tiers_lieu"].get_absolute_url()))

    assert "Le réseau ne fixe pas de critères pour les autres tiers-lieux" in page


def test_status_history_is_dated_most_recent_first(client, territory):
    place = PlaceFactory(name="Historique", status=NetworkStatus.PLANNED, status_date_text="ouverture prévue T1 2013")
    place_set_status(actor=None, place=place, status=NetworkStatus.OPEN, date=dt.date(2014, 3, 1), note="Inauguré.")

    page = text(client.get(place.get_absolute_url()))

    assert "1er mars 2014 En service Inauguré. ouverture prévue T1 2013 Ouverture prévue" in page


def test_a_demo_place_has_a_banner_is_not_indexed_and_publishes_no_structured_data(client, places):
    response = client.get(places["demo"].get_absolute_url())

    content = response.content.decode()
    assert "Lieu de démonstration." in text(response)
    assert "Ce lieu est fictif" in text(response)
    assert '<meta name="robots" content="noindex">' in content
    assert parse(response).ld_json == []


def test_json_ld_is_valid_schema_org_with_address_geo_and_opening_hours(client, territory):
    place = PlaceFactory(complete=True, name="Télécentre <complet> & cie")

    response = client.get(place.get_absolute_url())

    blocks = parse(response).ld_json
    assert len(blocks) == 1
    assert "<complet>" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Télécentre <complet> & cie"
    assert data["url"] == "http://testserver" + place.get_absolute_url()
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "2 rue de l'Épine",
        "addressLocality": "Mende",
        "postalCode": "48000",
        "addressRegion": "Lozère",
        "addressCountry": "FR",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 44.5181, "longitude": 3.5002}
    assert data["openingHours"] == ["Mo-Fr 09:00-12:00", "Mo-Fr 14:00-18:00"]
    assert data["telephone"] == "04 66 00 00 00"
    assert {"@type": "LocationFeatureSpecification", "name": "Salle de réunion", "value": False} in data[
        "amenityFeature"
    ]


def test_json_ld_leaves_out_an_approximate_position_and_unreadable_hours(client, territory):
    place = PlaceFactory(name="Approximatif", opening_hours="le matin")

    data = json.loads(parse(client.get(place.get_absolute_url())).ld_json[0])

    assert "geo" not in data
    assert "openingHours" not in data
    assert "streetAddress" not in data["address"]


def test_a_closed_place_keeps_its_page(client, territory):
    place = PlaceFactory(name="Fermé pour de bon", closed=True)

    response = client.get(place.get_absolute_url())

    assert response.status_code == 200
    assert "Statut actuel : Fermé." in text(response)


def test_place_page_query_count_is_fixed(client, territory, django_assert_max_num_queries):
    place = PlaceFactory(complete=True, name="Compté")
    for day in range(5):
        place_set_status(actor=None, place=place, status=NetworkStatus.OPEN, date=dt.date(2020, 1, day + 1))

    # The place, its status changes, its photos, its bookable resources, its next events.
    with django_assert_max_num_queries(5):
        assert client.get(place.get_absolute_url()).status_code == 200


def test_place_page_has_a_small_map_with_its_point(client, territory):
    place = PlaceFactory(complete=True, name="Sur la carte")

    response = client.get(place.get_absolute_url())

    points = json.loads(parse(response).scripts["place-map-data"])
    assert points == [
        {
            "name": "Sur la carte",
            "url": place.get_absolute_url(),
            "kind": "telecentre",
            "kind_label": "Télécentre",
            "letter": "T",
            "status_label": "Membre du réseau",
            "commune": "Mende",
            "lat": 44.5181,
            "lon": 3.5002,
            "approximate": False,
            "demo": False,
            "distance_km": None,
        }
    ]
