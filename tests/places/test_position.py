"""A place's position typed or clicked by its manager: pure checks, no database."""

import pytest

from solozere.places import position


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("44,5181", 44.5181),
        ("44.5181", 44.5181),
        (" 3.5 ° ", 3.5),
        ("-0,5", -0.5),
        ("\u22120,5", -0.5),  # the minus sign a word processor writes
        ("44", 44.0),
        ("", None),
        ("   ", None),
    ],
)
def test_a_coordinate_is_read_with_a_comma_or_a_point(raw, value):
    assert position.parse_coordinate(raw) == value


@pytest.mark.parametrize("raw", ["44,51,81", "quarante-quatre", "44°31'05\"", "1e3", "4444.5", "44,"])
def test_anything_but_decimal_degrees_is_refused(raw):
    with pytest.raises(ValueError):
        position.parse_coordinate(raw)


def test_a_coordinate_is_written_the_french_way_to_ten_centimetres():
    assert position.format_coordinate(44.5181) == "44,5181"
    assert position.format_coordinate(3.0) == "3"
    assert position.format_coordinate(3.123456789) == "3,123457"
    assert position.parse_coordinate(position.format_coordinate(-3.5)) == -3.5


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (44.5181, 3.5002),  # Mende
        (44.98, 3.0),  # the northern edge (Aubrac)
        (44.13, 3.9),  # Villefort, south-east
        (45.05, 3.2),  # within the margin beyond the edge
    ],
)
def test_a_position_in_lozere_or_on_its_edge_is_accepted(lat, lon):
    assert position.position_problem(lat, lon) == ""


def test_latitude_and_longitude_swapped_are_recognised():
    assert "semblent inversées" in position.position_problem(3.5002, 44.5181)


@pytest.mark.parametrize(("lat", "lon"), [(48.8566, 2.3522), (43.6, 1.44), (42.7, 9.45)])  # Paris, Toulouse, Corse
def test_a_position_elsewhere_in_france_is_refused_as_outside_lozere(lat, lon):
    assert "hors de Lozère" in position.position_problem(lat, lon)


@pytest.mark.parametrize(("lat", "lon"), [(0.0, 0.0), (40.4, -3.7), (-44.5, 3.5), (90.0, 180.0)])
def test_a_position_outside_france_is_refused(lat, lon):
    assert "n'est pas en France" in position.position_problem(lat, lon)


def test_two_positions_closer_than_ten_centimetres_are_the_same():
    assert position.same_position((44.5181, 3.5002), (44.51810004, 3.50020004))
    assert not position.same_position((44.5181, 3.5002), (44.5182, 3.5002))
    assert not position.same_position((44.5181, 3.5002), (None, None))
