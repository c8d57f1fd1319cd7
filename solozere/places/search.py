"""Searching places: the one implementation behind /lieux/, the JSON API and the GeoJSON export.

Filters live in the URL (shareable): kind, service, open_now, commune + radius, demo.
Invalid values are reported (French messages) and ignored, never a 500."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from solozere.places import hours
from solozere.places.forms import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, DemoChoice, PlaceSearchForm
from solozere.places.geo import bounding_box, haversine_km
from solozere.places.models import SERVICE_FILTERS, NetworkStatus, Place
from solozere.territory.selectors import CommuneLookup, lookup_commune

PAGE_SIZE = 100

__all__ = [
    "DEFAULT_RADIUS_KM",
    "MAX_RADIUS_KM",
    "PAGE_SIZE",
    "DemoChoice",
    "PlaceRow",
    "PlaceSearchForm",
    "PlaceSearchResult",
    "base_queryset",
    "search_places",
]


@dataclass(slots=True)
class PlaceRow:
    """A place as a map draws it: a few columns and no model instance. Building 10,000 `Place` objects (and their
    communes) was most of the time of a map's GeoJSON; the search reads the same attributes on either."""

    pk: int
    name: str
    slug: str
    kind: str
    status: str
    is_demo: bool
    location_is_approximate: bool
    commune_id: int
    latitude: float | None
    longitude: float | None
    opening_hours: str
    distance_km: float | None = None


_ROW_FIELDS = [row_field.name for row_field in fields(PlaceRow) if row_field.name != "distance_km"]


def _as_rows(queryset: QuerySet[Place]) -> list[PlaceRow]:
    return [PlaceRow(*values) for values in queryset.select_related(None).values_list(*_ROW_FIELDS)]


@dataclass
class PlaceSearchResult:
    form: PlaceSearchForm
    places: list[Any]  # Place, or PlaceRow when asked for rows
    total: int
    page: Page | None
    origin: CommuneLookup | None = None
    radius_km: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def filtered_by_distance(self) -> bool:
        return bool(self.origin and self.origin.found)


def _clean_value(form: PlaceSearchForm, name: str) -> Any:
    """The cleaned value of a field, or its empty value when what was typed is invalid."""
    if name in form.errors:
        return form.fields[name].to_python(None) if name not in ("kind", "service") else []
    return form.cleaned_data.get(name)


def _center(origin: CommuneLookup | None) -> tuple[float, float] | None:
    """The town-hall point of the commune that was typed (the old mairie for a commune déléguée)."""
    if origin is None or not origin.found or origin.match is None:
        return None
    if origin.match.latitude is None or origin.match.longitude is None:
        return None
    return origin.match.latitude, origin.match.longitude


def base_queryset() -> QuerySet[Place]:
    return Place.objects.select_related("commune", "commune__parent").order_by("name", "pk")


def search_places(
    params: Mapping[str, Any],
    *,
    now: dt.datetime | None = None,
    paginate: bool = True,
    page_number: int | None = None,
    page_size: int = PAGE_SIZE,
    rows: bool = False,
) -> PlaceSearchResult:
    """Places matching `params`. With `paginate`, one page (`page_number`, else the form's `page`):
    SQL does the slicing unless a distance or "open now" must be computed in Python first.
    With `rows`, `PlaceRow`s rather than `Place`s (for a map of every place; use without `paginate`)."""
    form = PlaceSearchForm(data=params)
    form.is_valid()
    errors = [str(message) for messages in form.errors.values() for message in messages]

    queryset = base_queryset().exclude(status=NetworkStatus.CLOSED)
    kinds = _clean_value(form, "kind") or []
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    for code in _clean_value(form, "service") or []:
        field_name, value = SERVICE_FILTERS[code]
        queryset = queryset.filter(**{field_name: value})
    demo = _clean_value(form, "demo") or DemoChoice.INCLUDE
    if demo == DemoChoice.EXCLUDE:
        queryset = queryset.filter(is_demo=False)
    elif demo == DemoChoice.ONLY:
        queryset = queryset.filter(is_demo=True)

    origin: CommuneLookup | None = None
    radius = _clean_value(form, "radius")
    commune_text = (_clean_value(form, "commune") or "").strip()
    source: QuerySet[Place] | list[Any] = queryset
    if commune_text:
        origin = lookup_commune(commune_text)
        if not origin.found:
            errors.append(origin.message)
    center = _center(origin)
    if origin and origin.found and center is None:
        errors.append(
            str(_("La position de %(commune)s n'est pas connue : les distances ne peuvent pas être calculées."))
            % {"commune": origin.match}
        )
    if center is not None:
        radius = radius or DEFAULT_RADIUS_KM
        lat, lon = center
        box = bounding_box(lat, lon, radius)
        nearby: list[Any] = []
        in_box = queryset.filter(
            latitude__gte=box.min_lat, latitude__lte=box.max_lat, longitude__gte=box.min_lon, longitude__lte=box.max_lon
        )
        for place in _as_rows(in_box) if rows else in_box:
            if place.latitude is None or place.longitude is None:
                continue
            distance = haversine_km(lat, lon, place.latitude, place.longitude)
            if distance <= radius:
                place.distance_km = round(distance, 1)  # type: ignore[union-attr]
                nearby.append(place)
        nearby.sort(key=lambda p: (p.distance_km, p.name))
        source = nearby
    elif rows:
        source = _as_rows(queryset)

    if _clean_value(form, "open_now"):
        source = [p for p in source if hours.state_at(p.opening_hours, now) == hours.HoursState.OPEN]

    page: Page | None = None
    if paginate:
        page = Paginator(source, page_size).get_page(page_number or _clean_value(form, "page") or 1)
        places = list(page.object_list)
        total = page.paginator.count
    else:
        places = list(source)
        total = len(places)
    if center is None:
        for place in places:
            place.distance_km = None  # type: ignore[attr-defined]
    return PlaceSearchResult(
        form=form,
        places=places,
        total=total,
        page=page,
        origin=origin,
        radius_km=radius if center is not None else None,
        errors=errors,
    )
