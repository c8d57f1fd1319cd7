"""Reads for the places pages. Places are public; what their managers and the staff see is scoped to who asks:
another manager's place, or a correction for someone who is not staff, is a DoesNotExist (a 404), never a 403."""

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from solozere.accounts.roles import is_network_staff
from solozere.core.audit import entries_for
from solozere.core.models import AuditLogEntry
from solozere.places import hours
from solozere.places.models import (
    CorrectionStatus,
    NetworkStatus,
    Place,
    PlaceCorrection,
    PlaceKind,
    PlacePhoto,
    PlaceStatusChange,
    Wifi,
)
from solozere.territory.models import Commune

ACTIVE_STATUSES = (NetworkStatus.OPEN, NetworkStatus.MEMBER)

# One letter per kind on the map, so that a marker says its kind without colour.
KIND_LETTERS: dict[str, str] = {
    PlaceKind.COMPTOIR: "C",
    PlaceKind.TELECENTRE: "T",
    PlaceKind.TIERS_LIEU: "L",
}


def home_figures() -> dict[str, int]:
    """Figures for the home page, demo places excluded: they are not facts. `demo_places` counts them apart, so
    that the page can say what its figures leave out."""
    demo_places = Place.objects.filter(is_demo=True).count()
    real = Place.objects.filter(is_demo=False)
    figures = real.aggregate(
        places_in_service=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        telecentres=Count("pk", filter=Q(kind=PlaceKind.TELECENTRE)),
        comptoirs=Count("pk", filter=Q(kind=PlaceKind.COMPTOIR)),
        communes=Count("commune", distinct=True),
    )
    return {key: value or 0 for key, value in figures.items()} | {"demo_places": demo_places}


def place_for_detail(slug: str) -> Place:
    """Everything the place page shows, in a fixed number of queries. Raises Place.DoesNotExist."""
    return (
        Place.objects.select_related("commune", "commune__parent")
        .prefetch_related(
            Prefetch("status_history", queryset=PlaceStatusChange.objects.order_by("-recorded_at", "-pk")),
            Prefetch("photos", queryset=PlacePhoto.objects.order_by("position", "pk")),
        )
        .get(slug=slug)
    )


def commune_query_label(commune: Commune) -> str:
    """What to put in the search box so that `lookup_commune` finds exactly this commune:
    "Saint-Chély-d'Apcher (48200)" for a current commune, "Javols (Peyre en Aubrac)" for a former one."""
    if commune.kind != Commune.Kind.CURRENT:
        return str(commune)
    code = commune.main_postal_code
    return f"{commune.name} ({code})" if code else commune.name


def communes_with_town_hall() -> list[Commune]:
    """Every commune, current or former, whose town-hall point is known: the candidates for "autour de moi".
    Current communes first, so that a former one sharing the town hall of its new commune loses the tie."""
    return list(
        Commune.objects.select_related("parent")
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("kind", "insee_code", "pk")
    )


def map_points(places: Iterable[Place]) -> list[dict[str, Any]]:
    """The markers of the map, in the order of the list; places without a position are left out."""
    labels = card_labels()
    points = []
    for place in places:
        if place.latitude is None or place.longitude is None:
            continue
        points.append(
            {
                "name": place.name,
                "url": place.get_absolute_url(),
                "kind": place.kind,
                "kind_label": labels.kinds.get(place.kind, place.kind),
                "letter": KIND_LETTERS.get(place.kind, "?"),
                "status_label": labels.statuses.get(place.status, place.status),
                "commune": place.commune.name,
                "lat": place.latitude,
                "lon": place.longitude,
                "approximate": place.location_is_approximate,
                "demo": place.is_demo,
                "distance_km": getattr(place, "distance_km", None),
            }
        )
    return points


class Fact:
    """A yes / no / unknown fact, shown with an icon AND a word."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ServiceRow:
    label: str | Promise
    state: str  # Fact.*
    text: str | Promise


_BOOLEAN_SERVICES: dict[str, str | Promise] = {
    "dedicated_telework_space": _("Espace dédié au télétravail"),
    "private_offices": _("Bureaux privatifs"),
    "open_space": _("Espace partagé (open space)"),
    "meeting_room": _("Salle de réunion"),
    "videoconference": _("Visioconférence"),
    "printing": _("Impression"),
    "reception_animation": _("Accueil et animation"),
    "kitchen": _("Cuisine / coin repas"),
    "wheelchair_access": _("Accessible en fauteuil roulant"),
    "parking": _("Stationnement"),
}


def service_rows(place: Place) -> list[ServiceRow]:
    """Every service of the place, each known as yes, no, or unknown."""
    wifi_label = _("Wi-Fi gratuit")
    if place.wifi == Wifi.FREE:
        wifi = ServiceRow(wifi_label, Fact.YES, _("Oui"))
    elif place.wifi in (Wifi.PAID, Wifi.NONE):
        wifi = ServiceRow(wifi_label, Fact.NO, _("Non (%(detail)s)") % {"detail": place.get_wifi_display()})
    else:
        wifi = ServiceRow(wifi_label, Fact.UNKNOWN, _("Non renseigné"))
    rows = [wifi]
    for name, label in _BOOLEAN_SERVICES.items():
        value = getattr(place, name)
        if value is True:
            rows.append(ServiceRow(label, Fact.YES, _("Oui")))
        elif value is False:
            rows.append(ServiceRow(label, Fact.NO, _("Non")))
        else:
            rows.append(ServiceRow(label, Fact.UNKNOWN, _("Non renseigné")))
    return rows


def available_services(place: Place) -> list[str]:
    """The services known to be there, as short text for a card (unknown ones are not claimed)."""
    labels = card_labels()
    services = [labels.wifi] if place.wifi == Wifi.FREE else []
    services += [labels.services[name] for name in _BOOLEAN_SERVICES if getattr(place, name) is True]
    return services


@dataclass(frozen=True)
class CardLabels:
    """What every card of a list says the same way, translated once per language (not once per row)."""

    kinds: dict[str, str]
    statuses: dict[str, str]
    wifi: str
    services: dict[str, str]


@functools.lru_cache(maxsize=8)
def _card_labels(language: str) -> CardLabels:
    with translation.override(language):
        return CardLabels(
            kinds={value: str(label) for value, label in PlaceKind.choices},
            statuses={value: str(label) for value, label in NetworkStatus.choices},
            wifi=str(_("Wi-Fi gratuit")),
            services={name: str(label) for name, label in _BOOLEAN_SERVICES.items()},
        )


def card_labels() -> CardLabels:
    return _card_labels(translation.get_language() or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class PlaceCard:
    """One place of a list, with what its card shows computed once for the whole list."""

    place: Place
    url: str
    kind_label: str
    kind_letter: str
    status_label: str
    services: list[str]
    hours_state: str
    photo: PlacePhoto | None = None


def place_cards(places: Iterable[Place], now: Any) -> list[PlaceCard]:
    """The cards of a list: labels translated once, each distinct opening-hours expression evaluated once, the
    first photo of every place in one query."""
    labels = card_labels()
    states: dict[str, str] = {}
    cards = []
    places = list(places)
    prefetch_related_objects(places, Prefetch("photos", queryset=PlacePhoto.objects.order_by("position", "pk")))
    for place in places:
        expression = place.opening_hours
        if expression not in states:
            states[expression] = hours.state_at(expression, now)
        cards.append(
            PlaceCard(
                place=place,
                url=place.get_absolute_url(),
                kind_label=labels.kinds.get(place.kind, place.kind),
                kind_letter=KIND_LETTERS.get(place.kind, "?"),
                status_label=labels.statuses.get(place.status, place.status),
                services=available_services(place),
                hours_state=states[expression],
                photo=next(iter(place.photos.all()), None),
            )
        )
    return cards


# --- schema.org ---------------------------------------------------------------------------------------------------

_OSM_DAYS = "Mo|Tu|We|Th|Fr|Sa|Su"
_DAYS_RE = re.compile(rf"^(?:{_OSM_DAYS})(?:-(?:{_OSM_DAYS}))?(?:,(?:{_OSM_DAYS})(?:-(?:{_OSM_DAYS}))?)*$")
_TIME_RANGE_RE = re.compile(r"^(?:[01]\d|2[0-4]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d$")
_OFF_RULES = {"ph off", "ph closed"}


def schema_opening_hours(expression: str) -> list[str] | None:
    """schema.org `openingHours` ("Mo-Fr 09:00-12:00") from an OSM expression, when it is valid and
    simple enough to say the same thing; None otherwise (we would rather say nothing than something wrong)."""
    if not hours.is_valid(expression):
        return None
    entries: list[str] = []
    for rule in (part.strip() for part in expression.split(";")):
        if not rule:
            continue
        if rule.lower() in _OFF_RULES:
            continue  # public holidays: schema.org has no simple way to say it; leaving it out stays true enough
        if rule == "24/7":
            entries.append("Mo-Su 00:00-24:00")
            continue
        days, _sep, times = rule.partition(" ")
        if not _DAYS_RE.match(days) or not times:
            return None
        ranges = [item.strip() for item in times.split(",")]
        if not all(_TIME_RANGE_RE.match(item) for item in ranges):
            return None
        entries.extend(f"{days} {item}" for item in ranges)
    return entries or None


def place_schema_org(place: Place, *, url: str, image_urls: list[str]) -> dict[str, Any]:
    """schema.org LocalBusiness for a place page: only facts we hold, nothing made up."""
    commune = place.commune.current
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressLocality": place.commune.name,
        "addressRegion": "Lozère",
        "addressCountry": "FR",
    }
    if place.address:
        address["streetAddress"] = place.address
    if commune.main_postal_code:
        address["postalCode"] = commune.main_postal_code
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": place.name,
        "url": url,
        "address": address,
    }
    if place.description:
        data["description"] = place.description
    # An approximate point is the town hall, not the place: not published as the place's position.
    if place.latitude is not None and place.longitude is not None and not place.location_is_approximate:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}
    opening = schema_opening_hours(place.opening_hours)
    if opening:
        data["openingHours"] = opening
    if place.phone:
        data["telephone"] = place.phone
    if place.email:
        data["email"] = place.email
    if place.website:
        data["sameAs"] = place.website
    if image_urls:
        data["image"] = image_urls
    amenities = [
        {"@type": "LocationFeatureSpecification", "name": str(row.label), "value": row.state == Fact.YES}
        for row in service_rows(place)
        if row.state != Fact.UNKNOWN
    ]
    if amenities:
        data["amenityFeature"] = amenities
    return data


# --- département outline -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaticDocument:
    content: bytes
    etag: str


@functools.cache
def _read_document(path: Path, mtime_ns: int) -> StaticDocument:
    content = path.read_bytes()
    return StaticDocument(content=content, etag=hashlib.sha256(content).hexdigest()[:32])


def departement_outline() -> StaticDocument:
    """The outline of Lozère (GeoJSON), read once per version of the file."""
    path = Path(settings.TERRITORY_DATA_DIR) / "departement.geojson"
    return _read_document(path, path.stat().st_mtime_ns)


# --- Managers and corrections --------------------------------------------------------------------------------


def places_managed_by(user: Any) -> QuerySet[Place]:
    """The places `user` may edit: their own as a manager; every place for the network staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Place.objects.none()
    if user.is_staff:
        return Place.objects.all()
    return Place.objects.filter(managers=user)


def managed_place(user: Any, slug: str) -> Place:
    """Raises Place.DoesNotExist for a place the user may not manage."""
    return places_managed_by(user).select_related("commune", "commune__parent").get(slug=slug)


def user_manages(user: Any, place: Place) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_network_staff(user) or place.managers.filter(pk=user.pk).exists()


def correction_queue(user: Any, status: str = CorrectionStatus.OPEN) -> QuerySet[PlaceCorrection]:
    if not is_network_staff(user):
        return PlaceCorrection.objects.none()
    return (
        PlaceCorrection.objects.filter(status=status)
        .select_related("place", "place__commune", "handled_by")
        .order_by("created_at", "pk")
    )


def correction_for_staff(user: Any, pk: int) -> PlaceCorrection:
    if not is_network_staff(user):
        raise PlaceCorrection.DoesNotExist
    return PlaceCorrection.objects.select_related("place", "place__commune", "handled_by").get(pk=pk)


def place_changes(place: Place, limit: int = 20) -> list[AuditLogEntry]:
    """The latest entries of the place's change log, for its managers."""
    return list(entries_for(place)[:limit])
