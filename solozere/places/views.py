"""Public places pages: the map and list (/lieux/), one place, and their small helpers."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import etag, require_GET

from solozere.core.page_cache import cache_anonymous_page
from solozere.places import criteria, hours, sources
from solozere.places.geo import haversine_km
from solozere.places.models import Place, PlaceKind
from solozere.places.search import DemoChoice, PlaceSearchResult, facet_counts, search_places
from solozere.places.selectors import (
    KIND_LETTERS,
    commune_query_label,
    communes_with_town_hall,
    departement_outline,
    map_points,
    place_cards,
    place_for_detail,
    place_schema_org,
    service_rows,
)
from solozere.territory.nearest import Candidate, InvalidPosition, nearest, parse_position
from solozere.territory.selectors import LookupStatus, suggest_communes

# Fields whose errors are shown beside them (the summary links to the first input of each).
FIELDS_WITH_ERRORS = ("kind", "service", "open_now", "commune", "radius", "demo")
_FIELD_ANCHORS = {"kind": "id_kind_0", "service": "id_service_0", "page": "results-title"}


@dataclass(frozen=True)
class ErrorLink:
    message: str
    anchor: str


def _field_errors(result: PlaceSearchResult) -> dict[str, list[str]]:
    """Every message of result.errors, under the field to correct (a commune lookup goes under "commune")."""
    errors: dict[str, list[str]] = {
        name: [str(message) for message in messages] for name, messages in result.form.errors.items()
    }
    known = {message for messages in errors.values() for message in messages}
    for message in result.errors:
        if message not in known:
            errors.setdefault("commune", []).append(message)
    return errors


def _error_links(result: PlaceSearchResult, field_errors: dict[str, list[str]]) -> list[ErrorLink]:
    ambiguous = result.origin is not None and result.origin.status == LookupStatus.AMBIGUOUS
    anchors = {**_FIELD_ANCHORS, "commune": "commune-choices" if ambiguous else "id_commune"}
    return [
        ErrorLink(message, anchors.get(name, f"id_{name}"))
        for name, messages in field_errors.items()
        for message in messages
    ]


def _map_config() -> dict[str, Any]:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "outlineUrl": reverse("places:departement"),
        "labels": {
            "demo": str(_("démo")),
            "demoLong": str(_("lieu de démonstration")),
            "approximate": str(_("position approximative (mairie)")),
            "distance": str(_("à %(km)s km")),
            "outline": str(_("Limite du département de la Lozère")),
            "cluster": str(_("%(count)s lieux proches : ouvrir le groupe pour les voir")),
        },
    }


def _card_text() -> dict[str, str]:
    """What every card of the list says the same way: translated once for the list, not once per card."""
    return {
        "demo": gettext("Démo"),
        "demo_title": gettext("Lieu fictif du jeu de démonstration"),
        "kind": gettext("Type"),
        "status": gettext("Statut"),
        "commune": gettext("Commune"),
        "hours": gettext("Horaires"),
        "open": gettext("Ouvert maintenant"),
        "closed": gettext("Fermé"),
        "hours_unknown": gettext("Ouverture actuelle non déterminée (voir la fiche)"),
        "hours_missing": gettext("Horaires non renseignés"),
        "services": gettext("Services"),
        "services_missing": gettext("Non renseignés"),
        "no_position": gettext("Position inconnue : ce lieu n'apparaît pas sur la carte."),
    }


# What a place page keeps of the search it was opened from, to link back to it ("retour à la liste").
SEARCH_KEYS = ("commune", "radius", "kind", "service", "open_now", "demo", "page")
_MAX_SEARCH_VALUE = 120


def search_query(params: QueryDict) -> str:
    """The search part of a query string, in a fixed order, every other parameter and any overlong value dropped:
    what a place page may put back in a link to /lieux/ (never a URL of its own, so never an open redirect)."""
    pairs = [
        (key, value)
        for key in SEARCH_KEYS
        for value in params.getlist(key)[:20]
        if value and len(value) <= _MAX_SEARCH_VALUE
    ]
    return urlencode(pairs)


def list_url(request: HttpRequest) -> str:
    """/lieux/ with the search the visitor came from (`?from=` on the place's link), or plain /lieux/."""
    query = search_query(QueryDict(request.GET.get("from", "")[:2000]))
    url = reverse("places:list")
    return f"{url}?{query}" if query else url


def _search_circle(result: PlaceSearchResult) -> dict[str, Any] | None:
    """The centre and radius of a search near a commune, for the map to draw."""
    if result.center is None or not result.radius_km or result.origin is None:
        return None
    return {
        "lat": result.center[0],
        "lon": result.center[1],
        "radius_km": result.radius_km,
        "label": gettext("Mairie de %(commune)s, centre de la recherche (rayon %(radius)s km)")
        % {"commune": result.origin.match, "radius": result.radius_km},
    }


def _active_filters(result: PlaceSearchResult) -> int:
    data = result.form.cleaned_data if result.form.is_bound else {}
    count = len(data.get("kind") or []) + len(data.get("service") or [])
    count += bool(data.get("open_now")) + bool((data.get("commune") or "").strip())
    count += data.get("demo") not in (None, "", DemoChoice.INCLUDE)
    return count


@require_GET
@cache_anonymous_page("places", "charter", "territory", per_minute=True)
def place_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    result = search_places(request.GET, now=now)
    ambiguous = result.origin is not None and result.origin.status == LookupStatus.AMBIGUOUS
    field_errors = _field_errors(result)
    query = search_query(request.GET)
    # Each place's link carries the search, so that its page links back to the same results.
    place_link_suffix = "?" + urlencode({"from": query}) if query else ""
    points = map_points(result.places)
    for point in points:
        point["url"] += place_link_suffix
    facets = facet_counts(result, now=now)
    active_filters = _active_filters(result)
    context = {
        "result": result,
        "form": result.form,
        "places": result.places,
        "cards": place_cards(result.places, now),
        "card_text": _card_text(),
        "page_obj": result.page,
        "now": now,
        "field_errors": field_errors,
        "error_links": _error_links(result, field_errors),
        "invalid_fields": [name for name in FIELDS_WITH_ERRORS if name in field_errors],
        "commune_choices": result.origin.choices if ambiguous and result.origin else [],
        "map_points": points,
        "map_search": _search_circle(result),
        "map_config": _map_config(),
        "place_link_suffix": place_link_suffix,
        "facets": facets,
        "active_filters": active_filters,
        "filters_open": bool(active_filters or field_errors),
        "kind_legend": [(kind, label, KIND_LETTERS[kind]) for kind, label in PlaceKind.choices],
        "field_error_slots": [(name, field_errors.get(name, [])) for name in FIELDS_WITH_ERRORS],
    }
    # A history restore asks for the whole page, not the fragment.
    htmx = request.htmx  # type: ignore[attr-defined]  # set by django_htmx's middleware
    partial = bool(htmx) and not htmx.history_restore_request
    response = render(request, "places/_results.html" if partial else "places/place_list.html", context)
    # The same URL answers a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """<option> elements for the commune <datalist> (htmx sends the input itself, named "commune")."""
    # The manager's edit form names its input "commune_name".
    query = request.GET.get("q") or request.GET.get("commune") or request.GET.get("commune_name") or ""
    return render(request, "places/_commune_options.html", {"communes": suggest_communes(query)})


@require_GET
@never_cache  # a position is personal: no shared cache keeps it, or what it answered
def nearest_commune(request: HttpRequest) -> JsonResponse:
    """ "Autour de moi": the commune whose town hall is nearest to the browser's position, computed here from our own
    data (the position goes nowhere else, and is not logged). 400 with a French message on a bad position."""
    try:
        latitude, longitude = parse_position(request.GET.get("lat"), request.GET.get("lon"))
    except InvalidPosition as error:
        return JsonResponse({"error": str(error)}, status=400)
    candidates = [
        Candidate(c.latitude, c.longitude, c)
        for c in communes_with_town_hall()
        if c.latitude is not None and c.longitude is not None
    ]
    found = nearest(latitude, longitude, candidates, distance_km=haversine_km)
    if found is None:
        message = gettext("Votre position semble loin de la Lozère : indiquez plutôt votre commune.")
        return JsonResponse({"error": message}, status=404)
    commune = found.item
    return JsonResponse(
        {
            "commune": str(commune),
            "insee_code": commune.insee_code,
            "query": commune_query_label(commune),
            "distance_km": round(found.distance_km, 1),
        }
    )


@require_GET
@cache_control(public=True, max_age=24 * 3600)
@etag(lambda request: departement_outline().etag)
def departement_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(departement_outline().content, content_type="application/geo+json")


def clock() -> dt.datetime:
    """The place page's "now" ("ouvert maintenant"). The browser tests replace it to show a chosen moment: the live
    server runs in their process, and freezing the whole process's clock would also freeze sessions and timeouts."""
    return timezone.now()


@require_GET
@cache_anonymous_page("places", "charter", "territory", per_minute=True)
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = place_for_detail(slug)
    except Place.DoesNotExist:
        raise Http404 from None
    now = clock()
    photos = list(place.photos.all())
    week = hours.week_schedule(place.opening_hours, now)
    structured_data = None
    if not place.is_demo:  # a fictional place is not published as a business
        structured_data = place_schema_org(
            place,
            url=request.build_absolute_uri(place.get_absolute_url()),
            image_urls=[request.build_absolute_uri(photo.image.url) for photo in photos],
        )
    context = {
        "place": place,
        "assessment": criteria.assess(place, place.kind),
        "professional_threshold": criteria.PROFESSIONAL_DOWNLOAD_MBPS,
        "services": service_rows(place),
        "history": list(place.status_history.all()),
        "photos": photos,
        "hours_state": hours.state_at(place.opening_hours, now),
        "week": week,
        "holidays_rule": hours.holidays_rule(place.opening_hours),
        "public_holidays": {day.date for day in week or () if hours.is_public_holiday(day.date)},
        "now": now,
        "today": timezone.localdate(now),
        "sources": sources.place_sources(place),
        "structured_data": structured_data,
        "map_points": map_points([place]),
        "map_config": _map_config(),
        "list_url": list_url(request),
    }
    return render(request, "places/place_detail.html", context)
