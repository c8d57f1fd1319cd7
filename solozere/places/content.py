"""Reading the place files into facts: the real places of lieux.csv and the fictional demo set.

Pure: no ORM query here. The commands (import_places, load_demo) resolve the commune and write
through solozere.places.services. Each fact we publish says how sure it is: a status read in a
2012 press article is a plan from 2012, not today's truth, and unknown services stay unknown."""

import csv
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from solozere.places import hours
from solozere.places.models import SERVICE_FLAGS, Access, NetworkStatus, PlaceKind, Technology, Wifi
from solozere.territory.text import normalize_name

REAL_PLACES_COLUMNS = ("nom", "code_insee", "commune", "type", "porteur", "statut_date", "adresse")
SOURCES_PERIOD = "2012-2024"
DEMO_DESCRIPTION_PREFIX = "Lieu fictif de démonstration."
DEMO_NAME_MARK = "(démo)"
# Demo markers stay close to the town hall: a demo place must never look like it sits in another commune.
DEMO_MAX_OFFSET_M = 1500


class ContentError(ValueError):
    """A row of a place file that cannot be read as it stands; the message is French and names the row."""


@dataclass(frozen=True)
class StatusFacts:
    status: str
    date: dt.date | None = None
    date_text: str = ""


@dataclass(frozen=True)
class PlaceFacts:
    """What a file says about one place: the fields for place_create, the commune to resolve, the status history."""

    slug: str
    insee_code: str
    commune_name: str
    fields: dict[str, Any]
    status: StatusFacts
    status_note: str = ""
    # Demo only: metres north and east of the commune's town hall.
    offset_m: tuple[int, int] | None = None
    # Demo only: the file says "member". The place is loaded "en service"; the charter gives it a demo label
    # (charter's label_demo_places), since "membre du réseau" comes from an adhesion, never from a file.
    labelled: bool = False


# ---------------------------------------------------------------------------------------------------------------
# Plain French for the abbreviations of the sources (what a visitor reads on the place page).

_REPLACEMENTS = (
    ("AAP CG48 2012", "appel à projets 2012 du Conseil général de la Lozère"),
    ("lauréat AAP", "lauréat de l'appel à projets"),
    ("AAP", "appel à projets"),
    ("~", "vers "),
)


def plain_french(text: str) -> str:
    for short, long in _REPLACEMENTS:
        text = text.replace(short, long)
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


# ---------------------------------------------------------------------------------------------------------------
# Real places (data/territory/lozere/lieux.csv)

_PLANNED_RE = re.compile(r"lauréat AAP (?P<call>\d{4}), ouverture prévue (?P<when>.+)")
_OPENED_RE = re.compile(r"(ouvert|inauguré|créé|existant en)\b")
_PROJECT_RE = re.compile(r"projet\b")
_ISO_DATE_RE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def decide_kind(type_text: str) -> str:
    """A télécentre stays a télécentre; everything else (France Services included) is another tiers-lieu:
    a place becomes a Comptoir SoLozère only by adhering to the charter, which no real place has done yet."""
    return PlaceKind.TELECENTRE if type_text.strip().lower().startswith("télécentre") else PlaceKind.TIERS_LIEU


def decide_status(statut_date: str) -> StatusFacts:
    """The status the sources support, dated as precisely as they allow. Never MEMBER: no adhesion exists yet.

    Only the first milestone (before ";") decides; the later ones go to the description."""
    first = statut_date.split(";")[0].strip()
    planned = _PLANNED_RE.fullmatch(first)
    if planned:
        # A plan stated in 2012 and not re-checked since: announced, not open.
        return StatusFacts(
            status=NetworkStatus.PLANNED,
            date_text=f"ouverture prévue {planned['when']} (lauréat de l'appel à projets {planned['call']})",
        )
    if _OPENED_RE.match(first):
        exact = _ISO_DATE_RE.search(first)
        if exact:
            try:
                return StatusFacts(status=NetworkStatus.OPEN, date=dt.date.fromisoformat(exact.group(1)))
            except ValueError as error:
                raise ContentError(f"Date impossible dans le statut « {statut_date} ».") from error
        return StatusFacts(status=NetworkStatus.OPEN, date_text=plain_french(first))
    if _PROJECT_RE.match(first):
        return StatusFacts(status=NetworkStatus.PROJECT, date_text=plain_french(first))
    raise ContentError(
        f"Statut non reconnu : « {statut_date} ». Ajoutez la règle dans solozere/places/content.py "
        "plutôt que de deviner."
    )


def split_address(adresse: str) -> tuple[str, str]:
    """(address, location hint). "non trouvée (centre-ville de Mende)" is no address, only a hint;
    "salle Antirouille, Mende" is a partial address, and it is what is known: keep it."""
    text = " ".join(adresse.split())
    if not text.lower().startswith("non trouvée"):
        return text, ""
    hint = text[len("non trouvée") :].strip()
    if hint.startswith("(") and hint.endswith(")"):
        hint = hint[1:-1].strip()
    return "", hint


def real_place_facts(row: dict[str, str], *, line: int = 0) -> PlaceFacts:
    """One row of lieux.csv -> the facts to create the place with (no service, no hours, no coordinates)."""
    where = f"ligne {line} : " if line else ""
    missing = [column for column in REAL_PLACES_COLUMNS if column not in row]
    if missing:
        raise ContentError(f"{where}colonne(s) manquante(s) : {', '.join(missing)}.")
    values = {key: " ".join((row.get(key) or "").split()) for key in REAL_PLACES_COLUMNS}
    name = values["nom"]
    if not name:
        raise ContentError(f"{where}le nom du lieu est vide.")
    if not re.fullmatch(r"48\d{3}", values["code_insee"]):
        raise ContentError(f"{where}code INSEE de Lozère attendu pour « {name} », reçu « {values['code_insee']} ».")
    try:
        status = decide_status(values["statut_date"])
    except ContentError as error:
        raise ContentError(f"{where}{name} : {error}") from error

    address, hint = split_address(values["adresse"])
    milestones = plain_french(values["statut_date"])
    description = " ".join(
        part
        for part in (
            _sentence(plain_french(values["type"])),
            _sentence(f"situation d'après les sources : {hint}") if hint else "",
            _sentence(f"jalons connus : {milestones}"),
        )
        if part
    )
    # Only where the facts came from: what is still unknown, the label and the position are said by the place page
    # from the fields themselves (places.sources), so that filling them in never leaves a stale sentence behind.
    source_note = (
        f"Sources : articles de presse et pages institutionnelles ({SOURCES_PERIOD}). "
        f"Statut d'après ces sources : « {values['statut_date']} »."
    )
    return PlaceFacts(
        slug=slugify(name),
        insee_code=values["code_insee"],
        commune_name=values["commune"],
        fields={
            "name": name,
            "kind": decide_kind(values["type"]),
            "status": status.status,
            "is_demo": False,
            "operator": values["porteur"],
            "address": address,
            "description": description,
            "source_note": source_note,
        },
        status=status,
        status_note=f"D'après les sources {SOURCES_PERIOD} : « {values['statut_date']} ». Non revérifié depuis.",
    )


def read_real_places(path: Path) -> list[PlaceFacts]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        facts = [real_place_facts(row, line=number) for number, row in enumerate(reader, start=2)]
    _check_unique_slugs(facts)
    return facts


def same_commune(expected_name: str, actual_name: str) -> bool:
    """The file's commune name must agree with the INSEE code: a wrong code would put a place in another commune."""
    return normalize_name(expected_name) == normalize_name(actual_name)


def _check_unique_slugs(facts: list[PlaceFacts]) -> None:
    seen: set[str] = set()
    for fact in facts:
        if not fact.slug:
            raise ContentError(f"« {fact.fields['name']} » ne donne pas d'identifiant d'URL.")
        if fact.slug in seen:
            raise ContentError(f"Deux lieux ont le même identifiant d'URL « {fact.slug} ».")
        seen.add(fact.slug)


# ---------------------------------------------------------------------------------------------------------------
# Demo places (data/places/demo.json)

_DEMO_KINDS = {PlaceKind.COMPTOIR, PlaceKind.TELECENTRE, PlaceKind.TIERS_LIEU}
_DEMO_STATUSES = {NetworkStatus.OPEN, NetworkStatus.MEMBER}
_DEMO_TEXT_FIELDS = ("operator", "address", "opening_hours", "prices", "phone", "email", "website")
_DEMO_BOOL_FIELDS = SERVICE_FLAGS
_DEMO_CHOICE_FIELDS = {"access": Access, "wifi": Wifi, "technology": Technology}
_DEMO_INT_FIELDS = ("desks", "offices")
_DEMO_DECIMAL_FIELDS = ("download_mbps", "upload_mbps")
_DEMO_KEYS = {
    "name",
    "insee_code",
    "commune",
    "offset_m",
    "kind",
    "status",
    "description",
    "connectivity_measured_on",
    *_DEMO_TEXT_FIELDS,
    *_DEMO_BOOL_FIELDS,
    *_DEMO_CHOICE_FIELDS,
    *_DEMO_INT_FIELDS,
    *_DEMO_DECIMAL_FIELDS,
}
DEMO_SOURCE_NOTE = (
    "Données fictives du jeu de démonstration : elles ne décrivent aucun lieu réel. "
    "La commune est réelle ; le lieu, son adresse et ses services sont inventés."
)


def demo_place_facts(entry: dict[str, Any], *, index: int = 0) -> PlaceFacts:
    """One entry of demo.json -> facts. Strict: a demo place must be recognisable as fictional everywhere."""
    where = f"entrée {index} : " if index else ""
    if not isinstance(entry, dict):
        raise ContentError(f"{where}un objet JSON est attendu.")
    unknown = sorted(set(entry) - _DEMO_KEYS)
    if unknown:
        raise ContentError(f"{where}champ(s) inconnu(s) : {', '.join(unknown)}.")
    name = str(entry.get("name", "")).strip()
    if not name.endswith(DEMO_NAME_MARK):
        raise ContentError(f"{where}le nom « {name} » doit finir par « {DEMO_NAME_MARK} ».")
    where = f"{where}{name} : "
    description = str(entry.get("description", "")).strip()
    if not description.startswith(DEMO_DESCRIPTION_PREFIX):
        raise ContentError(f"{where}la description doit commencer par « {DEMO_DESCRIPTION_PREFIX} ».")
    insee_code = str(entry.get("insee_code", ""))
    if not re.fullmatch(r"48\d{3}", insee_code):
        raise ContentError(f"{where}code INSEE de Lozère attendu, reçu « {insee_code} ».")
    commune_name = str(entry.get("commune", "")).strip()
    if not commune_name:
        raise ContentError(f"{where}le nom de la commune est vide.")
    kind, status = entry.get("kind"), entry.get("status")
    if kind not in _DEMO_KINDS:
        raise ContentError(f"{where}type de lieu inconnu « {kind} ».")
    if status not in _DEMO_STATUSES:
        raise ContentError(f"{where}un lieu de démonstration est « open » ou « member », pas « {status} ».")
    offset = entry.get("offset_m")
    if (
        not isinstance(offset, list)
        or len(offset) != 2
        or not all(isinstance(value, int) and abs(value) <= DEMO_MAX_OFFSET_M for value in offset)
    ):
        raise ContentError(f"{where}offset_m doit être [nord, est] en mètres entiers, au plus {DEMO_MAX_OFFSET_M} m.")

    fields: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "status": NetworkStatus.OPEN,
        "is_demo": True,
        "description": description,
        "source_note": DEMO_SOURCE_NOTE,
    }
    for key in _DEMO_TEXT_FIELDS:
        fields[key] = str(entry.get(key, "")).strip()
    if fields["opening_hours"] and not hours.is_valid(fields["opening_hours"]):
        raise ContentError(f"{where}horaires illisibles « {fields['opening_hours']} » (syntaxe OpenStreetMap).")
    for key in _DEMO_BOOL_FIELDS:
        value = entry.get(key)
        if value is not None and not isinstance(value, bool):
            raise ContentError(f"{where}{key} doit valoir true, false ou null.")
        fields[key] = value
    for key, choices in _DEMO_CHOICE_FIELDS.items():
        value = entry.get(key, "")
        if value not in choices.values:
            raise ContentError(f"{where}valeur inconnue pour {key} : « {value} ».")
        fields[key] = value
    for key in _DEMO_INT_FIELDS:
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ContentError(f"{where}{key} doit être un entier positif.")
        fields[key] = value
    for key in _DEMO_DECIMAL_FIELDS:
        value = entry.get(key)
        try:
            fields[key] = None if value is None else Decimal(str(value))
        except InvalidOperation as error:
            raise ContentError(f"{where}{key} doit être un nombre.") from error
    measured = entry.get("connectivity_measured_on")
    try:
        fields["connectivity_measured_on"] = dt.date.fromisoformat(measured) if measured else None
    except (TypeError, ValueError) as error:
        raise ContentError(f"{where}connectivity_measured_on doit être une date AAAA-MM-JJ.") from error

    return PlaceFacts(
        slug=slugify(name),
        insee_code=insee_code,
        commune_name=commune_name,
        fields=fields,
        status=StatusFacts(status=NetworkStatus.OPEN),
        status_note="Jeu de démonstration : statut fictif.",
        offset_m=(offset[0], offset[1]),
        labelled=status == NetworkStatus.MEMBER,
    )


def read_demo_places(path: Path) -> list[PlaceFacts]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ContentError(f"{path.name} n'est pas du JSON valide : {error}.") from error
    entries = data.get("places") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError(f"{path.name} doit contenir une liste « places ».")
    facts = [demo_place_facts(entry, index=number) for number, entry in enumerate(entries, start=1)]
    _check_unique_slugs(facts)
    return facts


METRES_PER_DEGREE_LATITUDE = 111_320.0


def offset_point(latitude: float, longitude: float, north_m: int, east_m: int) -> tuple[float, float]:
    """A point a few hundred metres from (latitude, longitude); flat-earth maths is exact enough at this scale."""
    new_latitude = latitude + north_m / METRES_PER_DEGREE_LATITUDE
    new_longitude = longitude + east_m / (METRES_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude)))
    return round(new_latitude, 6), round(new_longitude, 6)


@dataclass
class LoadReport:
    """What a load did, place by place, for the command's output."""

    created: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
