"""Reads behind the places pages: labels the commune lookup understands, map points, services, schema.org."""

import pytest

from solozere.places.models import Place, PlaceKind, Wifi
from solozere.places.selectors import (
    Fact,
    available_services,
    commune_query_label,
    home_figures,
    map_points,
    place_for_detail,
    schema_opening_hours,
    service_rows,
)
from solozere.territory.models import Commune
from solozere.territory.selectors import lookup_commune
from tests.places.factories import PlaceFactory, commune


def test_every_commune_label_is_found_again_by_the_lookup_as_that_very_commune(territory):
    for row in Commune.objects.select_related("parent"):
        label = commune_query_label(row)
        found = lookup_commune(label)
        assert found.found, label
        assert found.commune.pk == row.current.pk, label


def test_commune_labels_name_current_communes_with_their_postal_code_and_former_ones_with_their_commune(territory):
    javols = Commune.objects.get(name="Javols")

    assert commune_query_label(commune("48140")) == "Saint-Chély-d'Apcher (48200)"
    assert commune_query_label(javols) == "Javols (Peyre en Aubrac)"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
            ["Mo-Fr 09:00-12:00", "Mo-Fr 14:00-18:00", "Sa 09:00-12:00"],
        ),
        ("Mo,We,Fr 10:00-16:00", ["Mo,We,Fr 10:00-16:00"]),
        ("24/7", ["Mo-Su 00:00-24:00"]),
        ("", None),
        ("n'importe quoi", None),
        ("Mo-Fr 09:00-17:00; Jan off", None),  # valid OSM, but not something schema.org can say simply
        ("sunrise-sunset", None),
        ("PH off", None),
    ],
)
def test_schema_opening_hours_only_when_it_says_the_same_thing(expression, expected):
    assert schema_opening_hours(expression) == expected


def test_service_rows_say_yes_no_or_unknown_for_every_service():
    place = Place(wifi=Wifi.PAID, meeting_room=True, printing=False)

    rows = {str(row.label): (row.state, str(row.text)) for row in service_rows(place)}

    assert len(rows) == 11
    assert rows["Wi-Fi gratuit"] == (Fact.NO, "Non (Wi-Fi payant)")
    assert rows["Salle de réunion"] == (Fact.YES, "Oui")
    assert rows["Impression"] == (Fact.NO, "Non")
    assert rows["Stationnement"] == (Fact.UNKNOWN, "Non renseigné")


def test_available_services_claim_only_what_is_known_to_be_there():
    place = Place(wifi=Wifi.FREE, meeting_room=True, printing=False)

    assert available_services(place) == ["Wi-Fi gratuit", "Salle de réunion"]


def test_map_points_follow_the_list_order_and_skip_places_without_position(territory):
    first = PlaceFactory(name="Zèbre", kind=PlaceKind.COMPTOIR)
    second = PlaceFactory(name="Abeille")
    nowhere = Place(name="Nulle part", slug="nulle-part", kind=PlaceKind.TIERS_LIEU, commune=commune("48095"))

    points = map_points([first, nowhere, second])

    assert [p["name"] for p in points] == ["Zèbre", "Abeille"]
    assert points[0]["letter"] == "C" and points[1]["letter"] == "L"


def test_place_for_detail_raises_for_an_unknown_slug(territory):
    with pytest.raises(Place.DoesNotExist):
        place_for_detail("inconnu")


def test_home_figures_leave_out_demo_places(territory):
    PlaceFactory(name="Réel", kind=PlaceKind.TELECENTRE)
    PlaceFactory(name="Démo", kind=PlaceKind.TELECENTRE, demo=True)

    assert home_figures()["telecentres"] == 1


def test_home_figures_count_the_demo_places_apart(territory):
    PlaceFactory(name="Réel", kind=PlaceKind.TELECENTRE)
    PlaceFactory(name="Démo 1", kind=PlaceKind.COMPTOIR, demo=True)
    PlaceFactory(name="Démo 2", kind=PlaceKind.COMPTOIR, demo=True)

    figures = home_figures()
    assert (figures["comptoirs"], figures["demo_places"]) == (0, 2)
