"""A place's position typed or clicked by its manager: pure checks, no ORM. Latitude and longitude are WGS 84
decimal degrees; a French decimal comma is accepted. A place of the network is in Lozère: a point outside it
(with a margin for the places on its edge) is a typing slip or a click in the wrong place, said in words."""

import re

from django.utils.translation import gettext as _

# Lozère's bounding box (IGN Admin Express, rounded outwards), and a margin of about 10 km for the border.
LOZERE_BOUNDS = (44.11, 44.98, 2.98, 4.00)  # min_lat, max_lat, min_lon, max_lon
LOZERE_MARGIN = 0.1
# Metropolitan France with Corsica.
FRANCE_BOUNDS = (41.3, 51.2, -5.3, 9.7)
LOZERE_CENTRE = (44.52, 3.5)
# A millionth of a degree is about 10 cm: closer than that, two positions are the same.
SAME_POSITION = 5e-7

_NUMBER = re.compile(r"^[-+]?\d{1,3}(?:\.\d+)?$")


def parse_coordinate(raw: str) -> float | None:
    """ "44,5181", "44.5181", " 3.5 ° " -> a float; "" -> None; anything else raises ValueError."""
    text = (raw or "").strip().replace("°", "").replace("\u2212", "-").replace(",", ".").replace(" ", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        raise ValueError(raw)
    return float(text)


def format_coordinate(value: float) -> str:
    """Six decimals at most (10 cm), trailing zeros dropped, with the French decimal comma."""
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def same_position(a: tuple[float, float], b: tuple[float | None, float | None]) -> bool:
    if b[0] is None or b[1] is None:
        return False
    return abs(a[0] - b[0]) < SAME_POSITION and abs(a[1] - b[1]) < SAME_POSITION


def _inside(latitude: float, longitude: float, bounds: tuple[float, float, float, float], margin: float = 0) -> bool:
    min_lat, max_lat, min_lon, max_lon = bounds
    return min_lat - margin <= latitude <= max_lat + margin and min_lon - margin <= longitude <= max_lon + margin


def in_lozere(latitude: float, longitude: float) -> bool:
    return _inside(latitude, longitude, LOZERE_BOUNDS, LOZERE_MARGIN)


def position_problem(latitude: float, longitude: float) -> str:
    """What is wrong with the position, in French, or "" when it is in (or on the edge of) Lozère."""
    if in_lozere(latitude, longitude):
        return ""
    if in_lozere(longitude, latitude):
        return _(
            "La latitude et la longitude semblent inversées : en Lozère, la latitude est proche de 44,5 "
            "et la longitude de 3,5."
        )
    if not _inside(latitude, longitude, FRANCE_BOUNDS):
        return _(
            "Cette position n'est pas en France : vérifiez les nombres (en Lozère, la latitude est proche de 44,5 "
            "et la longitude de 3,5), ou cliquez sur la carte à l'emplacement du lieu."
        )
    return _(
        "Cette position est en France, mais hors de Lozère : vérifiez les nombres, ou cliquez sur la carte "
        "à l'emplacement du lieu."
    )
