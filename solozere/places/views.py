"""Public places pages: the map and list (/lieux/), one place, and their small helpers."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_GET

from solozere.core.page_cache import cache_anonymous_page
from solozere.places import criteria, hours
from solozere.places.models import Place, PlaceKind
from solozere.places.search import PlaceSearchResult, search_places
from solozere.places.selectors import (
    KIND_LETTERS,
    departement_outline,
    map_points,
    place_cards,
    place_for_detail,
    place_schema_org,
    service_rows,
)
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


@require_GET
@cache_anonymous_page("places", "charter", "territory", per_minute=True)
def place_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    result = search_places(request.GET, now=now)
    ambiguous = result.origin is not None and result.origin.status == LookupStatus.AMBIGUOUS
    field_errors = _field_errors(result)
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
        "map_points": map_points(result.places),
        "map_config": _map_config(),
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
@cache_control(public=True, max_age=24 * 3600)
@etag(lambda request: departement_outline().etag)
def departement_geojson(request: HttpRequest) -> HttpResponse:
    return HttpResponse(departement_outline().content, content_type="application/geo+json")


@require_GET
@cache_anonymous_page("places", "charter", "territory", per_minute=True)
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = place_for_detail(slug)
    except Place.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    photos = list(place.photos.all())
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
        "week": hours.week_schedule(place.opening_hours, now),
        "today": timezone.localdate(now),
        "structured_data": structured_data,
        "map_points": map_points([place]),
        "map_config": _map_config(),
    }
    return render(request, "places/place_detail.html", context)
