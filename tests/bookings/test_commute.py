"""The avoided commute's arithmetic, without the database."""

import math
from decimal import Decimal

import pytest

from solozere.bookings import commute
from solozere.bookings.commute import (
    AvoidedCommute,
    Point,
    avoided_commute,
    avoided_round_trip_km,
    co2_kg,
    road_km,
    straight_line_km,
)

ONE_DEGREE_KM = 2 * math.pi * commute.EARTH_RADIUS_KM / 360  # 111.195 km along the equator or a meridian
ORIGIN = Point(0.0, 0.0)
MENDE = Point(44.5181, 3.5002)
MARVEJOLS = Point(44.5504, 3.28952)
LANGOGNE = Point(44.7269, 3.85456)


def test_the_factors_are_the_cited_ones() -> None:
    assert Decimal("1.343") == commute.DETOUR_FACTOR
    assert Decimal("0.1106") == commute.CAR_FUEL_KGCO2E_PER_KM
    assert Decimal("0.0317") == commute.CAR_CONSTRUCTION_KGCO2E_PER_KM
    assert Decimal("0.1423") == commute.CAR_KGCO2E_PER_KM
    assert "2025" in commute.EMISSION_SOURCE and "ADEME" in commute.EMISSION_SOURCE
    assert "2023" in commute.DETOUR_SOURCE
    assert "1.343" in commute.METHOD and "2025" in commute.METHOD


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (ORIGIN, ORIGIN, 0.0),
        (ORIGIN, Point(0.0, 1.0), ONE_DEGREE_KM),
        (ORIGIN, Point(1.0, 0.0), ONE_DEGREE_KM),
        (Point(0.0, 179.5), Point(0.0, -179.5), ONE_DEGREE_KM),  # across the antimeridian
        (ORIGIN, Point(0.0, 180.0), math.pi * commute.EARTH_RADIUS_KM),  # antipodes
        (Point(90.0, 0.0), Point(-90.0, 0.0), math.pi * commute.EARTH_RADIUS_KM),
        (Point(90.0, 0.0), Point(90.0, 120.0), 0.0),  # every longitude meets at the pole
        (Point(60.0, 0.0), Point(60.0, 1.0), 55.60),  # a degree of longitude at 60° is about half
    ],
)
def test_straight_line_distance(a: Point, b: Point, expected: float) -> None:
    assert straight_line_km(a, b) == pytest.approx(expected, abs=0.01)


def test_distance_is_symmetric_and_mende_marvejols_is_about_17_km() -> None:
    assert straight_line_km(MENDE, MARVEJOLS) == pytest.approx(straight_line_km(MARVEJOLS, MENDE))
    assert 16.5 < straight_line_km(MENDE, MARVEJOLS) < 18.0


def test_road_distance_is_the_straight_line_times_the_detour_factor() -> None:
    assert float(road_km(ORIGIN, Point(0.0, 1.0))) == pytest.approx(ONE_DEGREE_KM * 1.343)
    assert road_km(MENDE, MENDE) == 0


def test_avoided_round_trip_is_twice_the_difference_by_road() -> None:
    # Along the equator: home at 0°, employer at 1°, place at 0.1°.
    km = avoided_round_trip_km(home=ORIGIN, employer=Point(0.0, 1.0), place=Point(0.0, 0.1))
    assert km == Decimal(repr(round(2 * 0.9 * ONE_DEGREE_KM * 1.343, 1)))
    assert km.as_tuple().exponent == -1


def test_a_place_at_home_saves_the_whole_round_trip() -> None:
    km = avoided_round_trip_km(home=MENDE, employer=MARVEJOLS, place=MENDE)
    assert km == (2 * road_km(MENDE, MARVEJOLS)).quantize(Decimal("0.1"))


@pytest.mark.parametrize(
    ("employer", "place"),
    [
        (MARVEJOLS, LANGOGNE),  # the place is farther than the employer's site
        (MARVEJOLS, MARVEJOLS),  # the place is at the employer's site
        (MENDE, LANGOGNE),  # working from home is the commute: nothing to save
        (MENDE, MENDE),
    ],
)
def test_never_below_zero(employer: Point, place: Point) -> None:
    assert avoided_round_trip_km(home=MENDE, employer=employer, place=place) == 0


def test_co2_is_the_distance_times_the_emission_factor_rounded_to_the_hundredth() -> None:
    assert co2_kg(Decimal("0")) == Decimal("0.00")
    assert co2_kg(Decimal("100")) == Decimal("14.23")
    assert co2_kg(Decimal("47.0")) == Decimal("6.69")  # 6.6881
    assert co2_kg(Decimal("0.1")) == Decimal("0.01")  # 0.01423
    assert co2_kg(Decimal("0.5")) == Decimal("0.07")  # 0.07115, half up
    with pytest.raises(ValueError, match="negative"):
        co2_kg(Decimal("-1"))


def test_avoided_commute_multiplies_back_exactly() -> None:
    result = avoided_commute(home=MENDE, employer=MARVEJOLS, place=MENDE)
    assert isinstance(result, AvoidedCommute)
    assert result.co2_kg == (result.km * Decimal("0.1423")).quantize(Decimal("0.01"))
    assert result.method == commute.METHOD
    assert 44 < result.km < 48  # 2 * 17.3 km * 1.343


@pytest.mark.parametrize(
    ("home", "employer", "place"),
    [(None, MARVEJOLS, MENDE), (MENDE, None, MENDE), (MENDE, MARVEJOLS, None), (None, None, None)],
)
def test_unknown_position_says_nothing(home: Point | None, employer: Point | None, place: Point | None) -> None:
    assert avoided_commute(home=home, employer=employer, place=place) is None


def test_a_zero_saving_is_still_a_figure() -> None:
    assert avoided_commute(home=MENDE, employer=MENDE, place=LANGOGNE) == AvoidedCommute(
        km=Decimal("0.0"), co2_kg=Decimal("0.00")
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91.0, 0.0), (-90.5, 0.0), (0.0, 180.5), (0.0, -181.0), (math.nan, 0.0), (0.0, math.inf)],
)
def test_a_point_outside_the_globe_is_refused(latitude: float, longitude: float) -> None:
    with pytest.raises(ValueError):
        Point(latitude, longitude)
