"""Public read API for places: JSON (paginated) and GeoJSON (every result).

Both call `search_places`, the one search behind /lieux/, with the same query parameters; nothing here filters
places again. Parameters are read from the raw query string and validated by the search form, so that a bad value
gets the same French message as on the page (a 400), never Ninja's generic 422 in English, and never a 500."""

import datetime as dt
import hashlib
import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from ninja import Router, Status
from ninja.decorators import decorate_view

from solozere.api import throttling
from solozere.api.errors import error_body
from solozere.api.schemas import PlaceMapCollection, PlacePage, error_responses
from solozere.core.page_cache import cache_anonymous_page
from solozere.places import hours
from solozere.places.models import (
    SERVICE_FILTERS,
    SERVICE_LABELS,
    Access,
    NetworkStatus,
    Place,
    PlaceKind,
    Technology,
    Wifi,
)
from solozere.places.search import MAX_RADIUS_KM, DemoChoice, PlaceRow, PlaceSearchResult, search_places
from solozere.territory.models import Commune
from solozere.territory.selectors import LookupStatus

router = Router()

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
GEOJSON_CONTENT_TYPE = "application/geo+json"
# Part of every GeoJSON ETag: bump it when the shape of a GeoJSON changes, so that no client keeps the old one.
GEOJSON_VERSION = 2
# Coordinates in GeoJSON: 5 decimals, about 1 m, more than a town-hall point or a typed address is worth.
COORDINATE_DECIMALS = 5
# Our own pagination parameters: kept away from the search form, which has its own `page` for the HTML list.
_PAGINATION_PARAMS = ("page", "page_size")
# Parameters that take one value (the others, kind and service, may be repeated).
_SINGLE_PARAMS = ("open_now", "commune", "radius", "demo", *_PAGINATION_PARAMS)
# Numbers and choices: given, they cannot be empty.
_TYPED_PARAMS = ("radius", "demo", *_PAGINATION_PARAMS)
# The page's checkbox sends "on": the page's URLs work in the API too. Anything else is not a boolean.
_BOOLEAN_VALUES = {"true": True, "on": True, "false": False, "": False}

_OPEN_STATE = {hours.HoursState.OPEN: True, hours.HoursState.CLOSED: False, hours.HoursState.UNKNOWN: None}


# --- Documentation of the query parameters ------------------------------------------------------------------
# Written by hand rather than declared as typed arguments: Ninja would reject a bad value itself (422, English),
# whereas the search form gives the French message the page gives. The OpenAPI types stay accurate this way.
def _query_param(name: str, schema: dict[str, Any], description: str, *, explode: bool = False) -> dict[str, Any]:
    param: dict[str, Any] = {"in": "query", "name": name, "required": False, "schema": schema}
    param["description"] = description
    if explode:
        param.update({"style": "form", "explode": True})
    return param


FILTER_PARAMETERS = [
    _query_param(
        "kind",
        {"type": "array", "items": {"type": "string", "enum": list(PlaceKind.values)}},
        "Type(s) de lieu ; répéter le paramètre pour en demander plusieurs (`kind=comptoir&kind=telecentre`).",
        explode=True,
    ),
    _query_param(
        "service",
        {"type": "array", "items": {"type": "string", "enum": list(SERVICE_FILTERS)}},
        "Service(s) exigés, tous à la fois ; répéter le paramètre. Codes : "
        + ", ".join(f"`{code}` ({label})" for code, label in SERVICE_LABELS.items())
        + ".",
        explode=True,
    ),
    _query_param(
        "open_now",
        {"type": "boolean"},
        "Seulement les lieux ouverts maintenant (heure de Paris) selon leurs horaires ; "
        "un lieu aux horaires inconnus est écarté.",
    ),
    _query_param(
        "commune",
        {"type": "string", "maxLength": 120},
        "Lieux autour d'une commune de Lozère : nom, ancienne commune, code postal ou code INSEE. "
        "Les résultats sont triés par distance et portent `distance_km`.",
    ),
    _query_param(
        "radius",
        {"type": "integer", "minimum": 1, "maximum": MAX_RADIUS_KM, "default": 20},
        "Rayon de recherche autour de la commune, en km (sans effet sans `commune`).",
    ),
    _query_param(
        "demo",
        {"type": "string", "enum": [DemoChoice.INCLUDE, DemoChoice.EXCLUDE, DemoChoice.ONLY], "default": "inclure"},
        "Lieux fictifs du jeu de démonstration (`is_demo`) : les inclure, les exclure, ou seulement eux.",
    ),
]
PAGINATION_PARAMETERS = [
    _query_param("page", {"type": "integer", "minimum": 1, "default": 1}, "Numéro de page."),
    _query_param(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        "Nombre de lieux par page.",
    ),
]


# --- Serialisation --------------------------------------------------------------------------------------------
def _service_value(place: Place, code: str) -> bool | None:
    field_name, yes = SERVICE_FILTERS[code]
    value = getattr(place, field_name)
    if value is None or value == "":  # NULL boolean, or "" for a choice left unknown
        return None
    return value == yes


class PlaceSerializer:
    """Turns places into plain dicts. One instance per request: the moment for `open_now` is the same for every
    place, and an opening-hours expression shared by several places is evaluated once."""

    def __init__(self, request: HttpRequest, *, now: dt.datetime) -> None:
        self.now = now
        self._open_cache: dict[str, bool | None] = {}
        # Labels translated once per request, not once per place (get_FOO_display() translates every time,
        # which was most of the cost of a 10,000-place GeoJSON).
        self._labels: dict[type[models.TextChoices], dict[str, dict[str, str]]] = {
            choices: {code: {"code": code, "label": str(label)} for code, label in choices.choices if code}
            for choices in (PlaceKind, NetworkStatus, Wifi, Access, Technology)
        }
        # Every place URL differs only by its slug: build the absolute prefix once rather than reverse() 10,000 times.
        marker = "slug-marker"
        template = request.build_absolute_uri(reverse("places:detail", kwargs={"slug": marker}))
        self._url_prefix, self._url_suffix = template.split(marker, 1)

    def code_label(self, choices: type[models.TextChoices], code: str) -> dict[str, str] | None:
        """{"code", "label"} for a known value; None for "" (not known). A copy: callers may mutate it."""
        value = self._labels[choices].get(code)
        return dict(value) if value else None

    def open_now(self, expression: str) -> bool | None:
        if not expression:
            return None
        if expression not in self._open_cache:
            self._open_cache[expression] = _OPEN_STATE.get(hours.state_at(expression, self.now))
        return self._open_cache[expression]

    def properties(self, place: Place) -> dict[str, Any]:
        commune = place.commune
        return {
            "id": place.pk,
            "slug": place.slug,
            "name": place.name,
            "kind": self.code_label(PlaceKind, place.kind),
            "status": self.code_label(NetworkStatus, place.status),
            "is_demo": place.is_demo,
            "commune": {"insee_code": commune.insee_code, "name": str(commune)},
            "address": place.address or None,
            "location_is_approximate": place.location_is_approximate,
            "services": {code: _service_value(place, code) for code in SERVICE_FILTERS},
            "wifi": self.code_label(Wifi, place.wifi),
            "access": self.code_label(Access, place.access),
            "connectivity": {
                "download_mbps": float(place.download_mbps) if place.download_mbps is not None else None,
                "upload_mbps": float(place.upload_mbps) if place.upload_mbps is not None else None,
                "technology": self.code_label(Technology, place.technology),
                "measured_on": place.connectivity_measured_on,
            },
            "opening_hours": place.opening_hours or None,
            "open_now": self.open_now(place.opening_hours),
            "desks": place.desks,
            "offices": place.offices,
            "prices": place.prices or None,
            "contact": {
                "phone": place.phone or None,
                "email": place.email or None,
                "website": place.website or None,
            },
            "url": f"{self._url_prefix}{place.slug}{self._url_suffix}",
            "distance_km": getattr(place, "distance_km", None),
        }

    def item(self, place: Place) -> dict[str, Any]:
        data = self.properties(place)
        data["latitude"] = place.latitude
        data["longitude"] = place.longitude
        return data

    def feature(self, place: Place) -> dict[str, Any]:
        return {"type": "Feature", "id": place.pk, "geometry": _point(place), "properties": self.properties(place)}

    def map_url_template(self) -> str:
        """The place page's absolute address, with `{slug}` to replace: once per collection, not per feature."""
        return f"{self._url_prefix}{{slug}}{self._url_suffix}"

    def map_labels(self) -> dict[str, dict[str, str]]:
        return {
            "kind": {code: label["label"] for code, label in self._labels[PlaceKind].items()},
            "status": {code: label["label"] for code, label in self._labels[NetworkStatus].items()},
        }

    def map_feature(self, place: PlaceRow, *, commune: str, with_distance: bool) -> dict[str, Any]:
        """What a map draws and says of a place; the rest is one click away, on its page."""
        properties: dict[str, Any] = {
            "name": place.name,
            "kind": place.kind,
            "status": place.status,
            "commune": commune,
            "slug": place.slug,
        }
        # Said only when true: at 10,000 places, two "false" on every feature weigh half a megabyte.
        if place.is_demo:
            properties["is_demo"] = True
        if place.location_is_approximate:
            properties["location_is_approximate"] = True
        if with_distance:
            properties["distance_km"] = getattr(place, "distance_km", None)
        return {"type": "Feature", "id": place.pk, "geometry": _point(place), "properties": properties}


def commune_names() -> dict[int, str]:
    """Every commune's name as the API gives it (a commune déléguée with its current one), in one query."""
    return {commune.pk: str(commune) for commune in Commune.objects.select_related("parent")}


def _point(place: Place | PlaceRow) -> dict[str, Any] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return {
        "type": "Point",
        "coordinates": [round(place.longitude, COORDINATE_DECIMALS), round(place.latitude, COORDINATE_DECIMALS)],
    }


# --- Search and errors ----------------------------------------------------------------------------------------
def _search_params(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    for name in _PAGINATION_PARAMS:
        params.pop(name, None)
    if params.get("open_now", "").strip().lower() in ("false", ""):
        params.pop("open_now", None)  # the page's form reads any non-empty value as "yes"
    return params


def _query_errors(request: HttpRequest) -> list[str]:
    """What the search form would let through but the documented types refuse: a scalar given twice, a boolean
    that is not one (the form's checkbox would read `open_now=null` as "yes")."""
    errors = [
        _("« %(name)s » ne peut être donné qu'une fois.") % {"name": name}
        for name in _SINGLE_PARAMS
        if len(request.GET.getlist(name)) > 1
    ]
    if request.GET.get("open_now", "").strip().lower() not in _BOOLEAN_VALUES:
        errors.append(_("« open_now » doit valoir true ou false."))
    # The page's form sends an empty box as "radius="; the API's documented types have no empty number or choice.
    errors += [
        _("« %(name)s » est vide : donnez une valeur, ou retirez le paramètre.") % {"name": name}
        for name in _TYPED_PARAMS
        if name in request.GET and not request.GET[name].strip()
    ]
    return errors


def _search_error(result: PlaceSearchResult, *, extra_errors: list[str] | None = None) -> dict[str, Any] | None:
    errors = [*(extra_errors or []), *result.errors]
    if not errors:
        return None
    choices = []
    if result.origin and result.origin.status == LookupStatus.AMBIGUOUS:
        choices = list(result.origin.choices)
    return error_body(_("La recherche contient des paramètres invalides."), errors=errors, choices=choices)


def _positive_int(raw: str | None, *, name: str, default: int, maximum: int | None = None) -> tuple[int, str | None]:
    if raw is None or raw.strip() == "":
        return default, None
    try:
        value = int(raw.strip())
    except ValueError:
        return default, _("« %(name)s » doit être un nombre entier.") % {"name": name}
    if value < 1:
        return default, _("« %(name)s » doit être au moins 1.") % {"name": name}
    if maximum is not None and value > maximum:
        return default, _("« %(name)s » ne peut pas dépasser %(max)s.") % {"name": name, "max": maximum}
    return value, None


def _page_url(request: HttpRequest, page: int, page_size: int) -> str:
    params = _search_params(request)
    params["page"] = str(page)
    params["page_size"] = str(page_size)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.lists()), doseq=True)}")


# --- Endpoints ------------------------------------------------------------------------------------------------
@decorate_view(cache_anonymous_page("places", "charter", "territory", per_minute=True, rate_limit=throttling.ACTION))
@router.get(
    "/places",
    url_name="list_places",
    operation_id="list_places",
    response={200: PlacePage, **error_responses(400, 404)},
    summary="Rechercher des lieux (JSON paginé)",
    description=(
        "Les mêmes filtres que la page « Lieux » du site. Les lieux fermés ne sont jamais renvoyés ; les lieux "
        "de démonstration sont signalés par `is_demo`. Un paramètre invalide renvoie une erreur 400 avec les "
        "messages en français ; une commune ambiguë renvoie en plus les communes possibles (`choices`)."
    ),
    openapi_extra={"parameters": FILTER_PARAMETERS + PAGINATION_PARAMETERS},
)
def list_places(request: HttpRequest) -> Status[dict[str, Any]]:
    with translation.override(settings.LANGUAGE_CODE):
        page, page_error = _positive_int(request.GET.get("page"), name="page", default=1)
        page_size, size_error = _positive_int(
            request.GET.get("page_size"), name="page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        now = timezone.now()
        result = search_places(_search_params(request), now=now, page_number=page, page_size=page_size)
        pagination_errors = [message for message in (page_error, size_error) if message]
        error = _search_error(result, extra_errors=[*_query_errors(request), *pagination_errors])
        if error:
            return Status(400, error)

        count = result.total
        last_page = result.page.paginator.num_pages if result.page else 1
        if page > last_page:
            message = _("La page %(page)s n'existe pas : la dernière est la page %(last)s.") % {
                "page": page,
                "last": last_page,
            }
            return Status(404, error_body(message, errors=[message]))
        serializer = PlaceSerializer(request, now=now)
        return Status(
            200,
            {
                "count": count,
                "page": page,
                "page_size": page_size,
                "next": _page_url(request, page + 1, page_size) if page < last_page else None,
                "previous": _page_url(request, page - 1, page_size) if page > 1 else None,
                "results": [serializer.item(place) for place in result.places],
            },
        )


@router.get(
    "/places.geojson",
    url_name="places_geojson",
    operation_id="places_geojson",
    response={200: PlaceMapCollection, 304: None, **error_responses(400)},
    summary="Lieux pour une carte (GeoJSON)",
    description=(
        "Les mêmes filtres et erreurs que `/api/v1/places`, sous forme de `FeatureCollection` GeoJSON "
        "(type de contenu `application/geo+json`), **sans pagination** : tous les résultats, avec seulement ce "
        "qu'une carte affiche (nom, type, statut, commune, lien vers la fiche) ; le reste est dans "
        "`/api/v1/places` et dans l'export complet `/opendata/lieux.geojson`. Géométrie `Point` en "
        "[longitude, latitude], 5 décimales (environ 1 m) ; un lieu sans position a une géométrie null. "
        "Compressé en gzip si le client l'accepte ; l'en-tête `ETag` permet de redemander avec "
        "`If-None-Match` et de recevoir 304 tant qu'aucun lieu n'a changé (sauf avec `open_now`, qui dépend "
        "de l'heure)."
    ),
    openapi_extra={
        "parameters": FILTER_PARAMETERS,
        "responses": {
            200: {
                "content": {GEOJSON_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/PlaceMapCollection"}}},
                "headers": {"ETag": {"description": "Version des lieux.", "schema": {"type": "string"}}},
            },
            304: {"description": "Rien n'a changé depuis la version donnée dans `If-None-Match`."},
        },
    },
)
@decorate_view(gzip_page)
def places_geojson(request: HttpRequest) -> HttpResponse | Status[dict[str, Any]]:
    # The answer depends on the places and the query only, except "open now", which depends on the time too.
    etag = None if "open_now" in _search_params(request) else places_etag(request, shape="map")
    if etag is not None and (not_modified := get_conditional_response(request, etag=etag)) is not None:
        return with_version(not_modified, etag)
    if (cached := cached_geojson(request, etag)) is not None:
        return cached
    with translation.override(settings.LANGUAGE_CODE):
        now = timezone.now()
        result = search_places(_search_params(request), now=now, paginate=False, rows=True)
        error = _search_error(result, extra_errors=_query_errors(request))
        if error:
            return Status(400, error)
        serializer = PlaceSerializer(request, now=now)
        communes = commune_names()
        with_distance = result.radius_km is not None
        collection = {
            "type": "FeatureCollection",
            "labels": serializer.map_labels(),
            "url_template": serializer.map_url_template(),
            "features": [
                serializer.map_feature(place, commune=communes[place.commune_id], with_distance=with_distance)
                for place in result.places
            ],
        }
    # Built by hand (not through the response schema) for the GeoJSON media type, and because a map asks for
    # every place at once: validating thousands of features again would only cost time. Tests validate the shape.
    return geojson_response(request, collection, etag=etag)


# --- GeoJSON responses, here and in /opendata/ -----------------------------------------------------------------
def places_etag(request: HttpRequest, *, shape: str) -> str:
    """A version of every place (one aggregate query, no place loaded) and of the query: any change to any place
    changes it (`updated_at` moves on every save, the count on every deletion). Coarse on purpose: cheap, never
    stale."""
    version = Place.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
    last = version["last"].isoformat() if version["last"] else "-"
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(f"{shape}|{GEOJSON_VERSION}|{version['count']}|{last}|{query}".encode()).hexdigest()
    return f'"{digest[:32]}"'


def with_version(response: HttpResponse, etag: str | None) -> HttpResponse:
    if etag is not None:
        response["ETag"] = etag
        # Public data, the same for everyone: a browser keeps it and asks again with If-None-Match.
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _body_key(request: HttpRequest, etag: str) -> str | None:
    """Where the encoded body of this version is kept in the shared cache (None when the page cache is off). The
    absolute addresses inside depend on the scheme and host, so they are part of the key."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    return "geojson:" + hashlib.sha256(f"{etag}|{request.build_absolute_uri('/')}".encode()).hexdigest()


def cached_geojson(request: HttpRequest, etag: str | None) -> HttpResponse | None:
    """The body already built for this version of the places, from the shared cache: built once per change of any
    place, whichever app process asks, rather than once per request."""
    key = _body_key(request, etag) if etag is not None else None
    body = cache.get(key) if key is not None else None
    if body is None:
        return None
    return with_version(HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE), etag)


def geojson_response(request: HttpRequest, collection: dict[str, Any], *, etag: str | None) -> HttpResponse:
    body = json.dumps(collection, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    key = _body_key(request, etag) if etag is not None else None
    if key is not None:
        cache.set(key, body, timeout=settings.PAGE_CACHE_SECONDS)
    return with_version(HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE), etag)
