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
from solozere.places.models import SERVICE_FILTERS, NetworkStatus, Place, PlaceKind
from solozere.territory.selectors import CommuneLookup, lookup_commune

PAGE_SIZE = 100

__all__ = [
    "DEFAULT_RADIUS_KM",
    "MAX_RADIUS_KM",
    "PAGE_SIZE",
    "DemoChoice",
    "FacetCounts",
    "PlaceRow",
    "PlaceSearchForm",
    "PlaceSearchResult",
    "base_queryset",
    "facet_counts",
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
    center: tuple[float, float] | None = None  # the town hall the distances are measured from

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


def _filter_demo(queryset: QuerySet[Place], form: PlaceSearchForm) -> QuerySet[Place]:
    demo = _clean_value(form, "demo") or DemoChoice.INCLUDE
    if demo == DemoChoice.EXCLUDE:
        return queryset.filter(is_demo=False)
    if demo == DemoChoice.ONLY:
        return queryset.filter(is_demo=True)
    return queryset


def _in_box(queryset: QuerySet[Place], center: tuple[float, float], radius_km: float) -> QuerySet[Place]:
    box = bounding_box(center[0], center[1], radius_km)
    return queryset.filter(
        latitude__gte=box.min_lat, latitude__lte=box.max_lat, longitude__gte=box.min_lon, longitude__lte=box.max_lon
    )


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
    queryset = _filter_demo(queryset, form)

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
        nearby: list[Any] = []
        in_box = _in_box(queryset, center, radius)
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
        center=center,
    )


@dataclass(frozen=True)
class FacetCounts:
    """How many places each filter option would show, the other filters applied (a search's facets)."""

    kinds: dict[str, int]
    services: dict[str, int]
    open_now: int


def facet_counts(result: PlaceSearchResult, *, now: dt.datetime | None = None) -> FacetCounts:
    """For each kind: the places of that kind matching the other filters; for each service and "open now": the
    places of the results that also have it (so a checked one counts the results). One query, whatever the number
    of places: the same rows answer every option, each opening-hours expression evaluated once."""
    form = result.form
    kinds = set(_clean_value(form, "kind") or [])
    services = list(_clean_value(form, "service") or [])
    open_now = bool(_clean_value(form, "open_now"))

    queryset = _filter_demo(Place.objects.exclude(status=NetworkStatus.CLOSED), form)
    if result.center is not None and result.radius_km:
        queryset = _in_box(queryset, result.center, result.radius_km)
    flag_fields = sorted({name for name, _value in SERVICE_FILTERS.values()})
    columns = ["kind", "latitude", "longitude", "opening_hours", *flag_fields]

    kind_counts = dict.fromkeys(PlaceKind.values, 0)
    service_counts = dict.fromkeys(SERVICE_FILTERS, 0)
    open_count = 0
    states: dict[str, bool] = {}
    for values in queryset.order_by().values_list(*columns):
        row = dict(zip(columns, values, strict=True))
        if result.center is not None and result.radius_km:
            if row["latitude"] is None or row["longitude"] is None:
                continue
            if haversine_km(*result.center, row["latitude"], row["longitude"]) > result.radius_km:
                continue
        expression = row["opening_hours"]
        if expression not in states:
            states[expression] = hours.state_at(expression, now) == hours.HoursState.OPEN
        is_open = states[expression]
        has = {code: row[name] == value for code, (name, value) in SERVICE_FILTERS.items()}
        has_services = all(has[code] for code in services)
        of_kind = not kinds or row["kind"] in kinds
        if has_services and (is_open or not open_now):
            kind_counts[row["kind"]] = kind_counts.get(row["kind"], 0) + 1
        if of_kind and has_services and is_open:
            open_count += 1
        if of_kind and has_services and (is_open or not open_now):
            for code, present in has.items():
                service_counts[code] += present
    return FacetCounts(kinds=kind_counts, services=service_counts, open_now=open_count)
