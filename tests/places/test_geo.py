import pytest

from solozere.places.geo import bounding_box, haversine_km

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
