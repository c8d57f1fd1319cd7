from typing import Any

from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from solozere.api.aids import router as aids_router
from solozere.api.bookings import router as bookings_router
from solozere.api.community import router as community_router
from solozere.api.errors import install_error_handlers
from solozere.api.events import router as events_router
from solozere.api.places import GEOJSON_CONTENT_TYPE
from solozere.api.places import router as places_router
from solozere.api.resources import router as resources_router
from solozere.api.schemas import ERROR_DESCRIPTIONS
from solozere.api.throttling import SharedRateThrottle


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's own static files, in a page that says its language."""

    template = "api/swagger.html"


class SoLozereAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        # Ninja documents every response as application/json; an operation that declares the GeoJSON media type
        # (through openapi_extra) returns that one only.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if GEOJSON_CONTENT_TYPE in content:
                        content.pop("application/json", None)
                    # Ninja describes every response as "OK"; an error says what it is.
                    if int(status) in ERROR_DESCRIPTIONS:
                        response["description"] = ERROR_DESCRIPTIONS[int(status)]
        return schema


api = SoLozereAPI(
    title="API SoLozère",
    version="1.0.0",
    description=(
        "API publique du réseau SoLozère, sans compte : les lieux de télétravail et leurs disponibilités, le "
        "recensement des télétravailleurs membres, les dispositifs d'aide, avec un simulateur d'éligibilité qui "
        "n'enregistre rien, et le centre de ressources.\n\n"
        "Avec un compte, ses propres réservations (les voir, réserver, annuler) : soit avec un **jeton d'API "
        "personnel**, créé et révoqué sur la page « Jetons d'API » de son compte et envoyé dans l'en-tête "
        "`Authorization: Bearer <jeton>` ; soit, pour les pages du site, avec la session de connexion et l'en-tête "
        "`X-CSRFToken` sur toute requête autre que GET. Sans l'un ni l'autre : 401. Toutes les erreurs ont la même "
        "forme (`ErrorOut`), avec un message en français."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Local assets only ("ninja" is in INSTALLED_APPS); no online validator badge, which Swagger UI would fetch.
    docs=LocalSwagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    # Tags (French words) and operation ids are ASCII so that generated clients get sane names; people read the
    # descriptions.
    openapi_extra={
        "tags": [
            {"name": "lieux", "description": "Lieux de télétravail du réseau : recherche en JSON et en GeoJSON."},
            {"name": "recensement", "description": "Recensement des télétravailleurs membres."},
            {"name": "aides", "description": "Dispositifs d'aide et simulateur d'éligibilité."},
            {
                "name": "agenda",
                "description": "Événements de l'agenda (sans compte) ; aussi en iCal : /agenda/agenda.ics.",
            },
            {
                "name": "ressources",
                "description": "Centre de ressources : documents et liens publiés après relecture, avec leurs filtres.",
            },
            {
                "name": "reservations",
                "description": (
                    "Disponibilités des lieux (sans compte) et réservations de la personne authentifiée "
                    "(jeton d'API personnel ou session)."
                ),
            },
        ]
    },
    # Every call, GET included, counted per address and per person (SOLOZERE_RATE_LIMITS["api"]); a 429 answers in
    # the one error shape (solozere.api.errors).
    throttle=[SharedRateThrottle()],
)
install_error_handlers(api)

api.add_router("/v1/", places_router, tags=["lieux"])
api.add_router("/v1/", community_router, tags=["recensement"])
api.add_router("/v1/", aids_router, tags=["aides"])
api.add_router("/v1/", bookings_router, tags=["reservations"])
api.add_router("/v1/", events_router, tags=["agenda"])
api.add_router("/v1/", resources_router, tags=["ressources"])
