import math

import pytest

from solozere.places.geo import EARTH_RADIUS_KM, bounding_box, haversine_km

MENDE = (44.5181, 3.5007)
SAINT_CHELY = (44.8006, 3.2746)


def test_distance_between_mende_and_saint_chely():
    assert haversine_km(*MENDE, *SAINT_CHELY) == pytest.approx(35.9, abs=0.5)


def test_distance_is_symmetric_and_zero_on_itself():
    assert haversine_km(*MENDE, *SAINT_CHELY) == pytest.approx(haversine_km(*SAINT_CHELY, *MENDE))
    assert haversine_km(*MENDE, *MENDE) == 0


@pytest.mark.parametrize("radius", [1, 5, 20, 80])
def test_the_bounding_box_contains_the_whole_circle(radius):
    lat, lon = SAINT_CHELY
    box = bounding_box(lat, lon, radius)
    # Points due north, south, east and west at exactly the radius lie inside the box.
    for bearing_lat, bearing_lon in [(1, 0), (-1, 0), (0, 1), (0, -1)]:
        step_lat = box.max_lat - lat if bearing_lat > 0 else lat - box.min_lat
        step_lon = box.max_lon - lon if bearing_lon > 0 else lon - box.min_lon
        point = (lat + bearing_lat * step_lat, lon + bearing_lon * step_lon)
        assert haversine_km(lat, lon, *point) >= radius * 0.999


def test_antipodes_are_half_the_earth_apart():
    # The haversine term is exactly 1 here, the largest value asin is given.
    assert haversine_km(2.5, 0, -2.5, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(44, 3.5, 45, 3.5) == pytest.approx(111.195, abs=0.001)


@pytest.mark.parametrize("radius", [1, 20, 80])
def test_the_bounding_box_is_barely_larger_than_the_circle(radius):
    lat, lon = SAINT_CHELY
    box = bounding_box(lat, lon, radius)
    assert box.min_lat < lat < box.max_lat
    assert box.min_lon < lon < box.max_lon
    # Each side touches the circle: the box prefilters Lozère, not the planet.
    assert haversine_km(lat, lon, box.max_lat, lon) == pytest.approx(radius, rel=1e-6)
    assert haversine_km(lat, lon, box.min_lat, lon) == pytest.approx(radius, rel=1e-6)
    assert box.max_lat - lat == pytest.approx(lat - box.min_lat)
    assert box.max_lon - lon == pytest.approx(lon - box.min_lon)
    # East-west, a degree is shorter at this latitude: the box is wider in degrees than it is tall.
    assert (box.max_lon - lon) == pytest.approx((box.max_lat - lat) / math.cos(math.radians(lat)))
    assert haversine_km(lat, lon, lat, box.max_lon) == pytest.approx(radius, rel=1e-3)
