"""Open-data export of places in the national schema « Lieux de médiation numérique » 1.0.1
(schema.data.gouv.fr, LaMednum/standard-mediation-num), the closest national schema for a place that welcomes the
public with a connection.

What is published, and why:
- Demo places never: they are fiction.
- Only places in service (status « En service » or « Membre du réseau »). The schema has no status column, and a
  reader of the file takes every row for a place they can go to today: a closed, suspended, planned or merely
  projected place would mislead them. They stay visible, with their status, through the API.
- A row is published only when every value the schema requires is known: `pivot` (the SIRET of the structure
  running the place), `adresse`, `code_postal`, and the others we always know. Nothing is invented to fill a gap:
  no town-hall address in place of an unknown address, no "00000000000000" SIRET (the placeholder the national
  inventory itself counts as a false value), no first-of-several postal codes. Such places are counted, with the
  missing facts, on the /opendata/ page, and published through the API where unknown facts are null. The file
  therefore always validates against the official schema.
- Optional values are written only when they mean what the schema says: coordinates only when they are the place's
  own (not the town-hall point used when the address is unknown), opening hours only in valid OSM syntax, a phone
  number only when it can be written in the +33 format.

Pure mapping functions below take a place and return strings; `mediation_export` is the only database read."""

import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solozere.core.csv_export import SafeDictWriter
from solozere.core.identifiers import normalize_identifier, siret_key_is_valid, structure_identifier_is_valid
from solozere.places import hours
from solozere.places.models import Access, Place, Wifi
from solozere.places.selectors import ACTIVE_STATUSES

SCHEMA_NAME = "LaMednum/standard-mediation-num"
SCHEMA_VERSION = "1.0.1"
SCHEMA_URL = "https://schema.data.gouv.fr/LaMednum/standard-mediation-num/1.0.1/"
LICENCE_NAME = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# The columns of schema 1.0.1, in its order (tests compare them with the official file).
COLUMNS = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]
REQUIRED_COLUMNS = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]

# Why a place is missing from the file, by the required column left unknown.
MISSING_LABELS = {
    "pivot": _("SIRET, SIREN ou RNA de la structure qui gère le lieu"),
    "adresse": _("adresse"),
    "code_postal": _("code postal (la commune en a plusieurs : celui de l'adresse)"),
    "commune": _("commune"),
    "nom": _("nom"),
    "id": _("identifiant"),
    "date_maj": _("date de mise à jour"),
}

# Values of the schema's closed vocabularies that SoLozère can state truthfully.
TYPOLOGY_TIERS_LIEU = "TIERS_LIEUX"  # data.inclusion typology: every place of the network is a tiers-lieu
ITINERANCE_FIXED = "Fixe"
SERVICE_INTERNET_ACCESS = "Accès internet et matériel informatique"
ACCESS_WALK_IN = "Se présenter"
SUMMARY_MAX_LENGTH = 280

# What each column holds in SoLozère's file (shown on the /opendata/ page). Columns not listed stay empty.
FIELD_NOTES = {
    "id": _("Identifiant stable du lieu chez SoLozère (solozere-lieu-<numéro>)."),
    "pivot": _(
        "SIRET ou SIREN, ou RNA pour une association sans SIRET, de la structure qui gère le lieu "
        "(obligatoire : sans lui, le lieu n'est pas publié)."
    ),
    "nom": _("Nom du lieu."),
    "commune": _("Commune actuelle (code officiel géographique)."),
    "code_postal": _(
        "Code postal de la fiche ; à défaut, celui de la commune quand elle n'en a qu'un, ou celui écrit dans l'adresse."
    ),
    "code_insee": _("Code INSEE de la commune actuelle."),
    "adresse": _("Adresse du lieu (obligatoire : sans elle, le lieu n'est pas publié)."),
    "latitude": _("Position propre du lieu, en WGS 84 ; vide quand on ne connaît que la mairie de la commune."),
    "longitude": _("Idem."),
    "typologie": _("TIERS_LIEUX pour tous les lieux du réseau."),
    "telephone": _("Téléphone au format +33, quand il est connu."),
    "courriels": _("Adresse e-mail de contact."),
    "site_web": _("Site web du lieu."),
    "horaires": _("Horaires dans la syntaxe opening_hours d'OpenStreetMap, seulement s'ils sont valides."),
    "presentation_resume": _("Description, coupée à 280 caractères."),
    "presentation_detail": _("Description complète, quand elle dépasse 280 caractères."),
    "source": _("SoLozère, qui collecte la donnée."),
    "itinerance": _("Fixe : les lieux du réseau ne sont pas itinérants."),
    "date_maj": _("Date de la dernière modification de la fiche."),
    "services": _("« Accès internet et matériel informatique » quand le lieu offre le Wi-Fi."),
    "modalites_acces": _("« Se présenter » quand le lieu est ouvert à tous sans réservation."),
}

_PHONE_SEPARATORS = re.compile(r"[\s.\-()/]")
_PHONE_SCHEMA_RE = re.compile(r"^\+33\d{9}$")
_POSTAL_CODE_IN_TEXT = re.compile(r"\b(\d{5})\b")


# --- Pure mapping ---------------------------------------------------------------------------------------------
def phone_for_schema(raw: str) -> str:
    """A French number as the schema wants it (+33 then nine digits, no spaces), or "" when it is not one."""
    digits = _PHONE_SEPARATORS.sub("", raw or "")
    if digits.startswith("0033"):
        digits = "+33" + digits[4:]
    elif re.fullmatch(r"0[1-9]\d{8}", digits):
        digits = "+33" + digits[1:]
    if digits.startswith("+330"):  # "+33 (0)4 66..." written with the trunk zero
        digits = "+33" + digits[4:]
    return digits if _PHONE_SCHEMA_RE.match(digits) else ""


def siret_is_valid(value: str) -> bool:
    return siret_key_is_valid(value or "")


def place_siret(place: Place) -> str:
    """The `pivot` of the structure running the place (its SIRET or SIREN, or an association's RNA number: the
    schema takes 9 to 14 characters), when recorded and valid; never a made-up or all-zeros number."""
    value = normalize_identifier(place.pivot)
    return value if structure_identifier_is_valid(value) else ""


def postal_code_for(place: Place) -> str:
    """The postal code of the place's address: the one its manager chose, if it belongs to the commune; the
    commune's, when it has only one; otherwise the one written in the address, if it belongs to the commune.
    Never the first of several (48700 or 48000 for Monts-de-Randon)."""
    codes = place.commune.current.postal_code_list
    if place.postal_code in codes:
        return place.postal_code
    if len(codes) == 1:
        return codes[0]
    written = [code for code in _POSTAL_CODE_IN_TEXT.findall(place.address or "") if code in codes]
    return written[0] if len(set(written)) == 1 else ""


def summary(text: str) -> tuple[str, str]:
    """(presentation_resume, presentation_detail): the short one within 280 characters, cut between words,
    and the whole text as the detail when it had to be cut."""
    flat = " ".join((text or "").split())
    if len(flat) <= SUMMARY_MAX_LENGTH:
        return flat, ""
    cut = flat[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…", text.strip()


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def mediation_row(place: Place, *, source: str) -> dict[str, str]:
    """One row of the schema for a place; "" for every value that is not known."""
    commune = place.commune.current
    resume, detail = summary(place.description)
    own_position = not place.location_is_approximate and place.latitude is not None and place.longitude is not None
    services = [SERVICE_INTERNET_ACCESS] if place.wifi in (Wifi.FREE, Wifi.PAID) else []
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "id": f"solozere-lieu-{place.pk}",
            "pivot": place_siret(place),
            "nom": place.name.strip(),
            "commune": commune.name,
            "code_postal": postal_code_for(place),
            "code_insee": commune.insee_code,
            "adresse": " ".join((place.address or "").split()),
            "latitude": _coordinate(place.latitude) if own_position else "",
            "longitude": _coordinate(place.longitude) if own_position else "",
            "typologie": TYPOLOGY_TIERS_LIEU,
            "telephone": phone_for_schema(place.phone),
            "courriels": place.email.strip(),
            "site_web": place.website.strip(),
            "horaires": place.opening_hours.strip() if hours.is_valid(place.opening_hours or "") else "",
            "presentation_resume": resume,
            "presentation_detail": detail,
            "source": source,
            "itinerance": ITINERANCE_FIXED,
            "date_maj": timezone.localdate(place.updated_at).isoformat(),
            "services": "|".join(services),
            "modalites_acces": ACCESS_WALK_IN if place.access == Access.OPEN else "",
        }
    )
    return row


def missing_required(row: dict[str, str]) -> list[str]:
    """The required columns left empty: what keeps the place out of the file (the one rule, the page says it)."""
    return [column for column in REQUIRED_COLUMNS if not row[column]]


# Optional columns that make a row useful to its readers, by what a manager fills in: said on the manager's
# dashboard and on /opendata/, never a reason to withhold a row.
RECOMMENDED = {
    "position": (("latitude", "longitude"), _("position du lieu sur la carte")),
    "horaires": (("horaires",), _("horaires d'ouverture")),
    "contact": (("telephone", "courriels", "site_web"), _("contact (téléphone, e-mail ou site web)")),
}


def missing_recommended(row: dict[str, str]) -> list[str]:
    """The recommended facts of RECOMMENDED of which the row has none, as labels."""
    return [str(label) for columns, label in RECOMMENDED.values() if not any(row[column] for column in columns)]


# --- Export ---------------------------------------------------------------------------------------------------
@dataclass
class WithheldPlace:
    place: Place
    missing: list[str]
    also_missing: list[str] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[column]) for column in self.missing]

    @property
    def has_managers(self) -> bool:
        """Whether someone manages the place (and can complete it from "Gérer"): annotated by
        places_for_index, asked of the database otherwise."""
        known = getattr(self.place, "has_managers", None)
        return bool(known) if known is not None else self.place.managers.exists()


@dataclass
class MediationExport:
    rows: list[dict[str, str]] = field(default_factory=list)
    withheld: list[WithheldPlace] = field(default_factory=list)

    @property
    def missing_counts(self) -> list[tuple[str, int]]:
        """(label, number of places) for each required fact that keeps places out of the file."""
        counts = Counter(column for item in self.withheld for column in item.missing)
        return [(str(MISSING_LABELS[column]), counts[column]) for column in REQUIRED_COLUMNS if counts[column]]


def exportable_places() -> QuerySet[Place]:
    """Real places in service: see the module docstring."""
    return (
        Place.objects.filter(is_demo=False, status__in=ACTIVE_STATUSES)
        .select_related("commune", "commune__parent")
        .order_by("pk")
    )


def places_for_index() -> QuerySet[Place]:
    """The exportable places, each knowing whether it has a manager (one query, however many places)."""
    managed = Place.managers.through.objects.filter(place_id=OuterRef("pk"))
    return exportable_places().annotate(has_managers=Exists(managed))


def mediation_export(places: Iterable[Place] | None = None) -> MediationExport:
    source = settings.SITE_NAME
    export = MediationExport()
    for place in exportable_places() if places is None else places:
        row = mediation_row(place, source=source)
        missing = missing_required(row)
        if missing:
            export.withheld.append(WithheldPlace(place=place, missing=missing, also_missing=missing_recommended(row)))
        else:
            export.rows.append(row)
    return export


def place_export_gaps(place: Place) -> tuple[list[str], list[str]]:
    """(what keeps this place out of the file, what else its row lacks), as labels; both empty for a place the
    file publishes whole. A place that is not exportable (demo, not in service) has nothing to complete here."""
    if place.is_demo or place.status not in ACTIVE_STATUSES:
        return [], []
    row = mediation_row(place, source=settings.SITE_NAME)
    return [str(MISSING_LABELS[column]) for column in missing_required(row)], missing_recommended(row)


def write_csv(rows: Iterable[dict[str, str]]) -> str:
    """UTF-8 text, comma-separated, header named exactly as the schema, as its README asks."""
    buffer = io.StringIO()
    writer = SafeDictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
