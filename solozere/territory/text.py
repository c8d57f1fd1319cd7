"""Pure text helpers for matching names of places: no ORM here."""

import re
import unicodedata

_SAINT = re.compile(r"\b(st|ste)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(value: str) -> str:
    """Fold accents, case, hyphens, apostrophes and "St"/"Ste" so that
    "saint chely d apcher", "ST-CHÉLY-D'APCHER" and "Saint-Chély-d'Apcher" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value.replace("œ", "oe").replace("Œ", "OE"))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    folded = _NON_ALNUM.sub(" ", folded).strip()
    folded = _SAINT.sub(lambda m: "saint" if m.group(1) == "st" else "sainte", folded)
    return " ".join(folded.split())


POSTAL_CODE_RE = re.compile(r"^\d{5}$")
INSEE_CODE_RE = re.compile(r"^(\d{2}|2[AB])\d{3}$")


def looks_like_postal_code(value: str) -> bool:
    return bool(POSTAL_CODE_RE.match(value.strip()))
