"""The commute a day at a place saves: pure arithmetic, no ORM, no settings (tested without the database).

A member who works at a place of the network instead of driving to their employer's site saves the round trip
home → employer site, but drives home → place and back instead. What is recorded is the difference, never below
zero (a place farther than the employer's site saves nothing), by road, and its CO₂.

- Road distance: the straight line (great circle) times a detour factor. DETOUR_FACTOR = 1.343 is the average ratio
  of road to straight-line distance measured over 300 European cities (Environment and Planning B: Urban Analytics
  and City Science, 2023). No figure for rural France was found: this one is stated on the page as an
  approximation.
- CO₂: ADEME's Impact CO₂ data (incubateur-ademe/impactco2), thermal car, 2025 model: 0.1106 kgCO₂e/km of fuel
  plus 0.0317 kgCO₂e/km of construction, 0.1423 kgCO₂e per km for one person driving alone.

The method is recorded beside each figure (METHOD): a later change of factor does not rewrite the past.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Mean Earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088

DETOUR_FACTOR = Decimal("1.343")
DETOUR_SOURCE = "Environment and Planning B: Urban Analytics and City Science, 2023 (300 villes européennes)"

CAR_FUEL_KGCO2E_PER_KM = Decimal("0.1106")
CAR_CONSTRUCTION_KGCO2E_PER_KM = Decimal("0.0317")
CAR_KGCO2E_PER_KM = CAR_FUEL_KGCO2E_PER_KM + CAR_CONSTRUCTION_KGCO2E_PER_KM
EMISSION_SOURCE = "ADEME, Impact CO₂, voiture thermique, modèle 2025 (0,1106 + 0,0317 kgCO₂e/km)"

# Names the factors above; stored with each figure.
METHOD = "detour-1.343/ademe-impactco2-2025-voiture-thermique"

KM_STEP = Decimal("0.1")
KG_STEP = Decimal("0.01")


@dataclass(frozen=True)
class Point:
    """A position in decimal degrees (WGS 84)."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latitude) and math.isfinite(self.longitude)):
            raise ValueError("Coordinates must be finite numbers.")
        if not -90 <= self.latitude <= 90 or not -180 <= self.longitude <= 180:
            raise ValueError("Latitude must lie in [-90, 90] and longitude in [-180, 180].")


@dataclass(frozen=True)
class AvoidedCommute:
    km: Decimal  # round trip, by road, rounded to 0.1 km
    co2_kg: Decimal  # of that distance, rounded to 0.01 kg
    method: str = METHOD


def straight_line_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine), in km."""
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    d_phi = phi2 - phi1
    d_lambda = math.radians(b.longitude - a.longitude)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def road_km(a: Point, b: Point) -> Decimal:
    """The road distance, approximated as the straight line times the detour factor (unrounded)."""
    return Decimal(repr(straight_line_km(a, b))) * DETOUR_FACTOR


def co2_kg(km: Decimal) -> Decimal:
    """The CO₂ of driving `km` alone in a thermal car, rounded to 0.01 kg."""
    if km < 0:
        raise ValueError("A distance cannot be negative.")
    return (km * CAR_KGCO2E_PER_KM).quantize(KG_STEP, rounding=ROUND_HALF_UP)


def avoided_round_trip_km(*, home: Point, employer: Point, place: Point) -> Decimal:
    """2 * (home to employer - home to place) by road, never below zero, rounded to 0.1 km."""
    saved = 2 * (road_km(home, employer) - road_km(home, place))
    return max(Decimal(0), saved).quantize(KM_STEP, rounding=ROUND_HALF_UP)


def avoided_commute(*, home: Point | None, employer: Point | None, place: Point | None) -> AvoidedCommute | None:
    """The avoided commute of one day at `place`, or None when a position is unknown (nothing can be said).

    The CO₂ is computed from the rounded distance, so that the figures shown multiply back exactly."""
    if home is None or employer is None or place is None:
        return None
    km = avoided_round_trip_km(home=home, employer=employer, place=place)
    return AvoidedCommute(km=km, co2_kg=co2_kg(km))
