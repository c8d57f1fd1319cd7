"""The agenda in the API: upcoming events with the agenda's filters (the one search behind /agenda/, same
parameters, same French messages as a 400), and one event. Public, no account: the online link of a site is never
given (it goes to registrants only)."""

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from solozere.api.errors import error_body
from solozere.api.schemas import error_responses
from solozere.events import agenda
from solozere.events.models import Event, EventKind, SiteKind
from solozere.events.selectors import public_events, with_sites
from solozere.events.workflow import EventStatus

router = Router()

# What the `en_ligne` parameter may say: the page's checkbox sends "on".
_BOOLEANS = {"true": True, "1": True, "on": True, "false": False, "0": False, "": False}


class SiteOut(Schema):
    kind: str = Field(description="`place` (un lieu du réseau), `address` (une adresse) ou `online` (en ligne).")
    name: str
    place_slug: str | None = Field(None, description="Identifiant du lieu du réseau, pour `kind=place`.")
    commune: str | None = Field(None, description="Commune du lieu ou de l'adresse.")
    insee_code: str | None = None
    capacity: int = Field(description="Nombre de places de ce site.")


class EventOut(Schema):
    slug: str
    url: str
    title: str
    kind: str = Field(description="Code du type d'événement.")
    kind_label: str
    summary: str
    starts_at: dt.datetime = Field(description="Début, heure de Paris avec son décalage.")
    ends_at: dt.datetime
    status: str = Field(description="`published` (publié), `cancelled` (annulé) ou `held` (a eu lieu).")
    organisers: list[str]
    sites: list[SiteOut]
    registration_open: bool
    is_demo: bool
    distance_km: float | None = Field(None, description="Distance au site le plus proche, avec `commune`.")


class EventPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


def _organisers(event: Event) -> list[str]:
    names = [o.name for o in event.organisations.all()]
    if event.organiser_place is not None:
        names.insert(0, event.organiser_place.name)
    if event.organiser_label:
        names.insert(0, event.organiser_label)
    return names or [settings.SITE_NAME]


def event_out(request: HttpRequest, event: Event) -> dict[str, Any]:
    sites = []
    for site in event.sites.all():
        commune = site.location_commune
        sites.append(
            {
                "kind": site.kind,
                "name": site.name,
                "place_slug": site.place.slug if site.kind == SiteKind.PLACE and site.place else None,
                "commune": commune.name if commune else None,
                "insee_code": commune.insee_code if commune else None,
                "capacity": site.capacity,
            }
        )
    return {
        "slug": event.slug,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "title": event.title,
        "kind": event.kind,
        "kind_label": str(EventKind(event.kind).label),
        "summary": event.summary,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "status": event.status,
        "organisers": _organisers(event),
        "sites": sites,
        "registration_open": event.registration_open and event.status == EventStatus.PUBLISHED,
        "is_demo": event.is_demo,
        "distance_km": getattr(event, "distance_km", None),
    }


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": False, "schema": schema, "description": description}


@router.get(
    "/events",
    url_name="list_events",
    operation_id="list_events",
    response={200: EventPage, **error_responses(400)},
    summary="Événements à venir",
    description=(
        "Les événements à venir de l'agenda, dans l'ordre de leur début, 20 par page, avec les filtres de la page "
        "/agenda/ : `type` (répétable), `lieu` (identifiant d'un lieu), `commune` (nom, ancienne commune ou code "
        "postal) et `rayon` (km, 30 par défaut), `en_ligne=true`. Un événement annulé reste listé, avec son état, "
        "jusqu'à sa date. Un filtre invalide : 400 avec le message en français de la page."
    ),
    openapi_extra={
        "parameters": [
            _param("type", {"type": "array", "items": {"type": "string", "enum": list(EventKind.values)}}, "Type(s)."),
            _param("lieu", {"type": "string"}, "Identifiant d'URL d'un lieu du réseau."),
            _param("commune", {"type": "string"}, "Commune, ancienne commune ou code postal."),
            _param("rayon", {"type": "integer", "minimum": 1, "maximum": agenda.MAX_RADIUS_KM}, "Rayon en km."),
            _param("en_ligne", {"type": "boolean"}, "Seulement les événements en ligne."),
            _param("page", {"type": "integer", "minimum": 1}, "Numéro de page."),
        ]
    },
)
def list_events(request: HttpRequest) -> Status[dict[str, Any]]:
    with translation.override(settings.LANGUAGE_CODE):
        params = request.GET.copy()
        online = params.get("en_ligne")
        if online is not None:
            if online not in _BOOLEANS:
                return Status(
                    400,
                    error_body(
                        _("Les filtres demandés sont invalides."),
                        errors=[_("en_ligne vaut true ou false.")],
                    ),
                )
            params.pop("en_ligne")
            if _BOOLEANS[online]:
                params["en_ligne"] = "on"
        result = agenda.search(params, now=timezone.now())
        if result.errors:
            return Status(400, error_body(_("Les filtres demandés sont invalides."), errors=result.errors))
        page = result.page
        assert page is not None  # noqa: S101 - search always paginates
        return Status(
            200,
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [event_out(request, event) for event in result.events],
            },
        )


@router.get(
    "/events/{slug}",
    url_name="event",
    operation_id="get_event",
    response={200: EventOut, **error_responses(404)},
    summary="Un événement",
    description="Un événement publié, annulé ou passé. Un brouillon ou un identifiant inconnu : 404.",
)
def get_event(
    request: HttpRequest, slug: Annotated[str, Path(description="Identifiant d'URL de l'événement.")]
) -> Status[dict[str, Any]]:
    with translation.override(settings.LANGUAGE_CODE):
        event = with_sites(public_events().filter(slug=slug)).first()
        if event is None:
            return Status(404, error_body(_("Aucun événement publié n'a cet identifiant.")))
        return Status(200, event_out(request, event))
