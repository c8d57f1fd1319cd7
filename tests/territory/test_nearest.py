"""The nearest commune to a position ("autour de moi"): pure, without the database."""

import pytest

from solozere.places.geo import haversine_km
from solozere.territory.nearest import Candidate, InvalidPosition, nearest, parse_position

MENDE = Candidate(44.5181, 3.5002, "Mende")
MARVEJOLS = Candidate(44.5536, 3.2917, "Marvejols")
SAINT_CHELY = Candidate(44.8006, 3.2750, "Saint-Chély-d'Apcher")


def test_the_nearest_town_hall_wins():
    found = nearest(44.55, 3.30, [MENDE, MARVEJOLS, SAINT_CHELY], distance_km=haversine_km)
    assert found is not None
    assert found.item == "Marvejols"
    assert found.distance_km == pytest.approx(haversine_km(44.55, 3.30, 44.5536, 3.2917))


def test_a_tie_goes_to_the_first_candidate():
    twin = Candidate(MENDE.latitude, MENDE.longitude, "Mende (ancienne)")
    assert nearest(44.5, 3.5, [MENDE, twin], distance_km=haversine_km).item == "Mende"
    assert nearest(44.5, 3.5, [twin, MENDE], distance_km=haversine_km).item == "Mende (ancienne)"


def test_far_from_every_town_hall_is_none():
    assert nearest(48.85, 2.35, [MENDE, MARVEJOLS], distance_km=haversine_km) is None  # Paris
    assert nearest(44.5, 3.5, [], distance_km=haversine_km) is None


def test_the_limit_is_inclusive():
    distance = haversine_km(44.6, 3.5, MENDE.latitude, MENDE.longitude)
    assert nearest(44.6, 3.5, [MENDE], distance_km=haversine_km, max_km=distance).item == "Mende"
    assert nearest(44.6, 3.5, [MENDE], distance_km=haversine_km, max_km=distance - 0.01) is None


@pytest.mark.parametrize(("lat", "lon", "expected"), [("44.52", "3.5", (44.52, 3.5)), (" 44,52 ", "-3", (44.52, -3.0))])
def test_a_position_is_read_in_decimal_degrees(lat, lon, expected):
    assert parse_position(lat, lon) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (None, "3.5", "La latitude manque"),
        ("44.5", "", "La longitude manque"),
        ("abc", "3.5", "La latitude doit être un nombre"),
        ("44.5", "nan", "La longitude doit être comprise entre -180 et 180"),
        ("91", "3.5", "La latitude doit être comprise entre -90 et 90"),
        ("44.5", "1e999", "La longitude doit être comprise"),
        ("4" * 40, "3.5", "La latitude doit être un nombre"),
    ],
)
def test_a_bad_position_is_explained_in_french(lat, lon, message):
    with pytest.raises(InvalidPosition, match=message):
        parse_position(lat, lon)
