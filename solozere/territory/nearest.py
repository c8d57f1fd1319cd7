"""The nearest commune to a position ("autour de moi"): pure, no ORM, tested without the database.

The distance function is a parameter because the sphere's maths live in `places.geo`, above this app: the caller
passes `haversine_km`, and this module only decides which candidate is nearest and whether it is near enough."""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import gettext

T = TypeVar("T")

# Beyond this distance from every town hall the person is not in (or next to) the département: say so rather than
# send them to a commune tens of kilometres away.
MAX_DISTANCE_KM = 25.0

DistanceKm = Callable[[float, float, float, float], float]


@dataclass(frozen=True)
class Candidate(Generic[T]):
    latitude: float
    longitude: float
    item: T


@dataclass(frozen=True)
class Nearest(Generic[T]):
    item: T
    distance_km: float


class InvalidPosition(ValueError):
    """The text is not a latitude or a longitude (the message is French, for the person)."""


def parse_position(latitude: str | None, longitude: str | None) -> tuple[float, float]:
    """Latitude and longitude in decimal degrees, as a browser gives them ("44.52", "3.5"; a comma is accepted)."""
    values = []
    for text, name, limit in ((latitude, "latitude", 90.0), (longitude, "longitude", 180.0)):
        cleaned = (text or "").strip().replace(",", ".")
        if not cleaned:
            raise InvalidPosition(gettext("La %(name)s manque : la position n'a pas pu être lue.") % {"name": name})
        try:
            if len(cleaned) > 32:  # a browser sends at most ~20 characters: no need to parse a novel
                raise ValueError(cleaned[:32])
            value = float(cleaned)
        except ValueError:
            message = gettext("La %(name)s doit être un nombre en degrés décimaux, par exemple 44.52.")
            raise InvalidPosition(message % {"name": name}) from None
        if not math.isfinite(value) or not -limit <= value <= limit:
            message = gettext("La %(name)s doit être comprise entre -%(limit)s et %(limit)s degrés.")
            raise InvalidPosition(message % {"name": name, "limit": f"{limit:g}"})
        values.append(value)
    return values[0], values[1]


def nearest(
    latitude: float,
    longitude: float,
    candidates: Iterable[Candidate[T]],
    *,
    distance_km: DistanceKm,
    max_km: float = MAX_DISTANCE_KM,
) -> Nearest[T] | None:
    """The candidate nearest to the position, or None when there is none within `max_km`.
    A tie goes to the candidate given first (callers pass them in a stable order)."""
    best: Nearest[T] | None = None
    for candidate in candidates:
        distance = distance_km(latitude, longitude, candidate.latitude, candidate.longitude)
        if distance <= max_km and (best is None or distance < best.distance_km):
            best = Nearest(candidate.item, distance)
    return best
