"""The pure reading of lieux.csv and demo.json: no database."""

import csv
import datetime as dt
import json
import math
from pathlib import Path

import pytest
from django.conf import settings

from solozere.places import hours
from solozere.places.content import (
    DEMO_DESCRIPTION_PREFIX,
    DEMO_MAX_OFFSET_M,
    ContentError,
    StatusFacts,
    decide_kind,
    decide_status,
    demo_place_facts,
    offset_point,
    plain_french,
    read_demo_places,
    read_real_places,
    real_place_facts,
    same_commune,
    split_address,
)
from solozere.places.geo import haversine_km
from solozere.places.models import Access, NetworkStatus, PlaceKind, Wifi

LIEUX = Path(settings.TERRITORY_DATA_DIR) / "lieux.csv"
COMMUNES = Path(settings.TERRITORY_DATA_DIR) / "communes.csv"
DEMO = Path(settings.BASE_DIR) / "data" / "places" / "demo.json"

PLANNED_2013 = "ouverture prévue T1 2013 (lauréat de l'appel à projets 2012)"

# slug -> (kind, status, exact date, date text, address)
EXPECTED_REAL = {
    "telecentre-de-saint-chely-dapcher-centre-multimedia": (
        PlaceKind.TELECENTRE,
        NetworkStatus.PLANNED,
        None,
        PLANNED_2013,
        "",
    ),
    "telecentre-de-langogne-espace-rene-raynal": (PlaceKind.TELECENTRE, NetworkStatus.PLANNED, None, PLANNED_2013, ""),
    "telecentre-de-meyrueis-maison-des-services": (PlaceKind.TELECENTRE, NetworkStatus.PLANNED, None, PLANNED_2013, ""),
    "telecentre-de-villefort-maison-de-lemploi-communaute-de-communes": (
        PlaceKind.TELECENTRE,
        NetworkStatus.PLANNED,
        None,
        PLANNED_2013,
        "",
    ),
    "telecentre-de-marvejols-maison-de-lemploi-relais-services-publics": (
        PlaceKind.TELECENTRE,
        NetworkStatus.PLANNED,
        None,
        PLANNED_2013,
        "",
    ),
    "telecentre-de-fournels": (PlaceKind.TELECENTRE, NetworkStatus.OPEN, None, "existant en 2012", ""),
    "polen-pole-lozerien-deconomie-numerique": (PlaceKind.TIERS_LIEU, NetworkStatus.OPEN, None, "ouvert 2004", ""),
    "latelier-bar-atelier": (
        PlaceKind.TIERS_LIEU,
        NetworkStatus.OPEN,
        None,
        "ouvert fin 2015 (audit fév. 2016)",
        "",
    ),
    "tiers-lieu-solidaire-salle-antirouille": (
        PlaceKind.TIERS_LIEU,
        NetworkStatus.OPEN,
        None,
        "inauguré 2018",
        "salle Antirouille, Mende",
    ),
    "la-pompe": (PlaceKind.TIERS_LIEU, NetworkStatus.OPEN, None, "créé fév. 2020", ""),
    "lareine-de-laubrac": (
        PlaceKind.TIERS_LIEU,
        NetworkStatus.OPEN,
        None,
        "inauguré (article non daté, vers 2023-2024)",
        "appartement face à la mairie, Recoules-d'Aubrac",
    ),
    # "projet 2021" is all the sources say: a project, not an opening.
    "la-fabulerie-tiers-lab": (PlaceKind.TIERS_LIEU, NetworkStatus.PROJECT, None, "projet 2021", ""),
    "france-services-saint-alban-sur-limagnole": (
        PlaceKind.TIERS_LIEU,
        NetworkStatus.OPEN,
        dt.date(2021, 11, 2),
        "",
        "ancien bureau de poste, Saint-Alban-sur-Limagnole",
    ),
}


def _row(**overrides: str) -> dict[str, str]:
    row = {
        "nom": "Télécentre d'essai",
        "code_insee": "48140",
        "commune": "Saint-Chély-d'Apcher",
        "type": "télécentre (AAP CG48 2012)",
        "porteur": "Commune",
        "statut_date": "lauréat AAP 2012, ouverture prévue T1 2013",
        "adresse": "non trouvée",
    }
    row.update(overrides)
    return row


def _current_communes() -> dict[str, dict[str, str]]:
    with COMMUNES.open(encoding="utf-8") as handle:
        return {row["code_insee"]: row for row in csv.DictReader(handle) if row["type"] == "commune-actuelle"}


# --- lieux.csv, row by row ------------------------------------------------------------------------------------


def test_every_real_place_gets_its_expected_kind_status_date_and_address():
    facts = {fact.slug: fact for fact in read_real_places(LIEUX)}
    assert set(facts) == set(EXPECTED_REAL)
    for slug, (kind, status, date, date_text, address) in EXPECTED_REAL.items():
        fact = facts[slug]
        assert (fact.fields["kind"], fact.fields["status"], fact.status.status) == (kind, status, status), slug
        assert (fact.status.date, fact.status.date_text, fact.fields["address"]) == (date, date_text, address), slug


def test_no_real_place_is_a_comptoir_or_a_member_of_the_network():
    for fact in read_real_places(LIEUX):
        assert fact.fields["kind"] != PlaceKind.COMPTOIR
        assert fact.fields["status"] != NetworkStatus.MEMBER
        assert fact.fields["is_demo"] is False


def test_real_places_know_no_service_hours_wifi_access_or_coordinates():
    for fact in read_real_places(LIEUX):
        assert set(fact.fields) == {
            "name",
            "kind",
            "status",
            "is_demo",
            "operator",
            "address",
            "description",
            "source_note",
        }


def test_every_real_place_says_where_its_facts_come_from_and_that_its_status_was_not_rechecked():
    for fact in read_real_places(LIEUX):
        assert fact.fields["source_note"].startswith("Sources : articles de presse")
        assert "2012-2024" in fact.fields["source_note"]
        assert "Non revérifié depuis." in fact.status_note


def test_every_real_place_has_a_lozere_commune_whose_name_matches_its_code():
    communes = _current_communes()
    for fact in read_real_places(LIEUX):
        assert fact.insee_code in communes, fact.slug
        assert same_commune(fact.commune_name, communes[fact.insee_code]["nom"]), fact.slug


def test_operator_comes_from_porteur_and_may_be_unknown():
    facts = {fact.slug: fact for fact in read_real_places(LIEUX)}
    assert facts["telecentre-de-langogne-espace-rene-raynal"].fields["operator"] == "CC du Haut Allier"
    assert facts["telecentre-de-fournels"].fields["operator"] == ""


def test_description_spells_out_the_kind_and_every_milestone_in_plain_french():
    facts = {fact.slug: fact for fact in read_real_places(LIEUX)}
    polen = facts["polen-pole-lozerien-deconomie-numerique"].fields["description"]
    assert polen.startswith("Pépinière / tiers-lieu / coworking.")
    assert "ouvert au coworking vers 2012" in polen
    assert "label Fabrique de territoire fin 2020" in polen
    assert "Situation d'après les sources : parc technologique, Mende." in polen
    saint_chely = facts["telecentre-de-saint-chely-dapcher-centre-multimedia"].fields["description"]
    assert "appel à projets 2012 du Conseil général de la Lozère" in saint_chely
    assert "AAP" not in saint_chely


def test_the_status_source_note_quotes_the_file_verbatim():
    facts = {fact.slug: fact for fact in read_real_places(LIEUX)}
    note = facts["telecentre-de-meyrueis-maison-des-services"].fields["source_note"]
    assert "« lauréat AAP 2012, ouverture prévue T1 2013 »" in note


# --- the rules, one by one --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_text", "kind"),
    [
        ("télécentre (AAP CG48 2012)", PlaceKind.TELECENTRE),
        ("Télécentre (antérieur à 2012)", PlaceKind.TELECENTRE),
        ("France Services (+ agence postale)", PlaceKind.TIERS_LIEU),
        ("coworking privé / prototypage léger", PlaceKind.TIERS_LIEU),
        ("", PlaceKind.TIERS_LIEU),
    ],
)
def test_kind_is_telecentre_only_for_telecentres(type_text, kind):
    assert decide_kind(type_text) == kind


@pytest.mark.parametrize(
    ("statut_date", "status", "date", "date_text"),
    [
        ("lauréat AAP 2012, ouverture prévue T1 2013", NetworkStatus.PLANNED, None, PLANNED_2013),
        (
            "lauréat AAP 2014, ouverture prévue fin 2015",
            NetworkStatus.PLANNED,
            None,
            "ouverture prévue fin 2015 (lauréat de l'appel à projets 2014)",
        ),
        ("existant en 2012", NetworkStatus.OPEN, None, "existant en 2012"),
        ("ouvert 2004 ; ouvert au coworking ~2012", NetworkStatus.OPEN, None, "ouvert 2004"),
        ("ouvert 2021-11-02 (ancien bureau de poste)", NetworkStatus.OPEN, dt.date(2021, 11, 2), ""),
        ("créé fév. 2020", NetworkStatus.OPEN, None, "créé fév. 2020"),
        (
            "inauguré (article non daté, ~2023-2024)",
            NetworkStatus.OPEN,
            None,
            "inauguré (article non daté, vers 2023-2024)",
        ),
        ("projet 2021 ; soutien commune", NetworkStatus.PROJECT, None, "projet 2021"),
    ],
)
def test_status_follows_the_first_milestone(statut_date, status, date, date_text):
    assert decide_status(statut_date) == StatusFacts(status=status, date=date, date_text=date_text)


@pytest.mark.parametrize("statut_date", ["", "fermé en 2019", "membre du réseau", "peut-être ouvert"])
def test_an_unknown_status_is_refused_rather_than_guessed(statut_date):
    with pytest.raises(ContentError, match="Statut non reconnu"):
        decide_status(statut_date)


def test_an_impossible_exact_date_is_refused():
    with pytest.raises(ContentError, match="Date impossible"):
        decide_status("ouvert 2021-13-45")


@pytest.mark.parametrize(
    ("adresse", "expected"),
    [
        ("non trouvée", ("", "")),
        ("non trouvée (centre-ville de Mende)", ("", "centre-ville de Mende")),
        ("Non trouvée", ("", "")),
        ("salle Antirouille, Mende", ("salle Antirouille, Mende", "")),
        ("  ancien bureau de poste,   Saint-Alban  ", ("ancien bureau de poste, Saint-Alban", "")),
        ("", ("", "")),
    ],
)
def test_address_keeps_what_is_known_and_drops_not_found(adresse, expected):
    assert split_address(adresse) == expected


def test_plain_french_expands_the_abbreviations_of_the_sources():
    assert plain_french("lauréat AAP 2012, ouvert ~2012") == "lauréat de l'appel à projets 2012, ouvert vers 2012"


def test_a_row_with_a_missing_column_names_it():
    row = _row()
    del row["porteur"]
    with pytest.raises(ContentError, match="ligne 7 : colonne\\(s\\) manquante\\(s\\) : porteur"):
        real_place_facts(row, line=7)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nom": "  "}, "le nom du lieu est vide"),
        ({"code_insee": "12345"}, "code INSEE de Lozère attendu"),
        ({"statut_date": "on verra"}, "Statut non reconnu"),
    ],
)
def test_a_bad_row_is_refused_with_a_french_message(overrides, message):
    with pytest.raises(ContentError, match=message):
        real_place_facts(_row(**overrides), line=3)


def test_two_rows_with_the_same_slug_are_refused(tmp_path):
    path = tmp_path / "lieux.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(_row()))
        writer.writeheader()
        writer.writerow(_row(nom="La Pompe"))
        writer.writerow(_row(nom="La  Pompe!"))
    with pytest.raises(ContentError, match="même identifiant"):
        read_real_places(path)


def test_same_commune_ignores_accents_case_and_hyphens():
    assert same_commune("Florac Trois Rivières", "Florac-Trois-Rivieres")
    assert not same_commune("Mende", "Marvejols")


# --- demo.json --------------------------------------------------------------------------------------------------


def _demo_entry(**overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "name": "Café d'essai (démo)",
        "insee_code": "48095",
        "commune": "Mende",
        "offset_m": [100, -100],
        "kind": "comptoir",
        "status": "member",
        "description": "Lieu fictif de démonstration. Un café.",
        "access": "open",
        "wifi": "free",
        "opening_hours": "Mo-Fr 08:00-18:00",
        "download_mbps": 100,
        "connectivity_measured_on": "2025-01-01",
        "desks": 4,
    }
    entry.update(overrides)
    return entry


def test_every_demo_place_is_marked_fictional_and_complete():
    facts = read_demo_places(DEMO)
    assert 15 <= len(facts) <= 30
    for fact in facts:
        fields = fact.fields
        assert fields["is_demo"] is True
        assert fields["name"].endswith("(démo)")
        assert fields["description"].startswith(DEMO_DESCRIPTION_PREFIX)
        assert "fictives" in fields["source_note"]
        assert fields["status"] == NetworkStatus.OPEN
        assert fields["wifi"] == Wifi.FREE
        assert fields["access"] != Access.UNKNOWN
        assert hours.is_valid(fields["opening_hours"]), fields["opening_hours"]
        assert fields["download_mbps"] > 0 and fields["upload_mbps"] > 0
        assert fields["technology"]
        assert fields["desks"] > 0
        assert fields["prices"]
        assert fields["address"]
        assert fields["email"].endswith("@example.org")
        assert all(fields[key] is not None for key in ("dedicated_telework_space", "meeting_room", "parking"))


def test_demo_has_about_fifteen_comptoirs_and_a_couple_of_telecentres():
    kinds = [fact.fields["kind"] for fact in read_demo_places(DEMO)]
    assert kinds.count(PlaceKind.COMPTOIR) >= 15
    assert 2 <= kinds.count(PlaceKind.TELECENTRE) <= 4


def test_a_demo_comptoir_is_to_be_labelled_but_loaded_in_service():
    """ "member" in the file asks for a demo label (charter's label_demo_places): no import sets that status."""
    for fact in read_demo_places(DEMO):
        assert fact.fields["status"] == NetworkStatus.OPEN, fact.fields["name"]
        if fact.fields["kind"] == PlaceKind.COMPTOIR:
            assert fact.labelled, fact.fields["name"]


def test_demo_places_sit_in_real_communes_whose_names_match_their_code():
    communes = _current_communes()
    for fact in read_demo_places(DEMO):
        assert fact.insee_code in communes, fact.fields["name"]
        assert same_commune(fact.commune_name, communes[fact.insee_code]["nom"]), fact.fields["name"]


def test_demo_spreads_across_lozere_with_places_near_and_far_from_saint_chely():
    communes = _current_communes()
    saint_chely = communes["48140"]
    origin = float(saint_chely["mairie_lat"]), float(saint_chely["mairie_lon"])
    distances = []
    for fact in read_demo_places(DEMO):
        commune = communes[fact.insee_code]
        point = offset_point(float(commune["mairie_lat"]), float(commune["mairie_lon"]), *fact.offset_m)
        distances.append(haversine_km(*origin, *point))
    assert sum(d <= 20 for d in distances) >= 5
    assert sum(d > 20 for d in distances) >= 10
    assert max(distances) > 60
    wanted = {"48140", "48095", "48092", "48080", "48061", "48090", "48009"}
    assert wanted <= {fact.insee_code for fact in read_demo_places(DEMO)}


def test_demo_offsets_keep_each_marker_within_a_short_walk_of_the_town_hall():
    for fact in read_demo_places(DEMO):
        north, east = fact.offset_m
        lat, lon = offset_point(44.5, 3.5, north, east)
        assert haversine_km(44.5, 3.5, lat, lon) * 1000 == pytest.approx(math.hypot(north, east), rel=0.01)


def test_offset_point_moves_north_and_west_by_the_metres_given():
    # 120 m north is 120 / 111 320 of a degree; 160 m west is more of a degree of longitude at 44.8° N (÷ cos 44.8°).
    assert offset_point(44.80277, 3.27566, 120, -160) == (44.803848, 3.273634)
    assert offset_point(44.80277, 3.27566, -120, 160) == (44.801692, 3.277686)
    assert offset_point(44.80277, 3.27566, 0, 0) == (44.80277, 3.27566)


def test_demo_file_carries_a_warning_that_it_is_fictional():
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    assert "FICTIFS" in data["avertissement"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Café d'essai"}, "doit finir par « \\(démo\\) »"),
        ({"description": "Un café."}, "doit commencer par « Lieu fictif de démonstration. »"),
        ({"insee_code": "75056"}, "code INSEE de Lozère attendu"),
        ({"commune": ""}, "nom de la commune est vide"),
        ({"kind": "bar"}, "type de lieu inconnu"),
        ({"status": "planned"}, "« open » ou « member »"),
        ({"offset_m": [DEMO_MAX_OFFSET_M + 1, 0]}, "offset_m"),
        ({"offset_m": [1.5, 0]}, "offset_m"),
        ({"offset_m": None}, "offset_m"),
        ({"opening_hours": "lundi 9h-18h"}, "horaires illisibles"),
        ({"wifi": "yes"}, "valeur inconnue pour wifi"),
        ({"parking": "oui"}, "parking doit valoir true, false ou null"),
        ({"desks": -1}, "desks doit être un entier positif"),
        ({"desks": True}, "desks doit être un entier positif"),
        ({"download_mbps": "rapide"}, "download_mbps doit être un nombre"),
        ({"connectivity_measured_on": "hier"}, "AAAA-MM-JJ"),
        ({"colour": "red"}, "champ\\(s\\) inconnu\\(s\\) : colour"),
    ],
)
def test_a_bad_demo_entry_is_refused_with_a_french_message(overrides, message):
    with pytest.raises(ContentError, match=message):
        demo_place_facts(_demo_entry(**overrides), index=2)


def test_a_demo_entry_without_optional_fields_leaves_them_unknown():
    fact = demo_place_facts(_demo_entry())
    assert fact.fields["parking"] is None
    assert fact.fields["upload_mbps"] is None
    assert fact.fields["technology"] == ""
    assert fact.fields["download_mbps"] == 100


@pytest.mark.parametrize(
    ("content", "message"), [("{", "pas du JSON valide"), ("[]", "liste « places »"), ('{"places": {}}', "liste")]
)
def test_a_malformed_demo_file_is_refused(tmp_path, content, message):
    path = tmp_path / "demo.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContentError, match=message):
        read_demo_places(path)
