"""The shapes of the public API, for the OpenAPI document and for tests. Unknown facts are null, never guessed."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class CodeLabel(Schema):
    code: str = Field(description="Code stable (ASCII), à utiliser dans les programmes.")
    label: str = Field(description="Libellé en français.")


class CommuneRef(Schema):
    insee_code: str = Field(description="Code INSEE (code officiel géographique) de la commune.", examples=["48095"])
    name: str = Field(
        description="Nom ; pour une commune déléguée, suivi de la commune actuelle entre parenthèses.",
        examples=["Mende", "Javols (Peyre en Aubrac)"],
    )


class Connectivity(Schema):
    download_mbps: float | None = Field(description="Débit descendant mesuré, en Mbit/s.")
    upload_mbps: float | None = Field(description="Débit montant mesuré, en Mbit/s.")
    technology: CodeLabel | None = Field(description="Technologie d'accès (fibre, VDSL, 4G...).")
    measured_on: dt.date | None = Field(description="Date de la mesure du débit.")


class Contact(Schema):
    phone: str | None
    email: str | None
    website: str | None


class PlaceProperties(Schema):
    """Everything the API says about a place except its position (carried by the GeoJSON geometry)."""

    id: int
    slug: str
    name: str
    kind: CodeLabel = Field(description="Type de lieu : comptoir, telecentre, tiers_lieu.")
    status: CodeLabel = Field(description="Statut dans le réseau. Les lieux fermés ne sont jamais renvoyés.")
    is_demo: bool = Field(description="Lieu fictif du jeu de démonstration : à ne pas présenter comme réel.")
    commune: CommuneRef
    address: str | None = Field(description="Adresse ; null si elle n'est pas connue.")
    location_is_approximate: bool = Field(
        description="Vrai quand la position est celle de la mairie de la commune, faute d'adresse connue."
    )
    services: dict[str, bool | None] = Field(
        description=(
            "Pour chaque service filtrable (mêmes codes que le paramètre `service`) : true s'il est proposé, "
            "false s'il ne l'est pas, null si on ne sait pas."
        ),
        examples=[{"wifi_gratuit": True, "salle_reunion": None, "parking": False}],
    )
    wifi: CodeLabel | None = Field(description="Wi-Fi : free, paid ou none ; null si non renseigné.")
    access: CodeLabel | None = Field(description="Accès : open, booking ou members ; null si non renseigné.")
    connectivity: Connectivity
    opening_hours: str | None = Field(
        description="Horaires bruts, syntaxe OpenStreetMap `opening_hours` ; null si non renseignés."
    )
    open_now: bool | None = Field(description="Ouvert au moment de la requête ; null si les horaires sont inconnus.")
    desks: int | None = Field(description="Nombre de postes de travail.")
    offices: int | None = Field(description="Nombre de bureaux fermés.")
    prices: str | None = Field(description="Tarifs, en texte libre.")
    contact: Contact
    url: str = Field(description="Adresse absolue de la fiche du lieu sur le site.")
    distance_km: float | None = Field(
        description="Distance à vol d'oiseau depuis la commune recherchée (paramètre `commune`), sinon null."
    )


class PlaceOut(PlaceProperties):
    latitude: float | None
    longitude: float | None


class PlacePage(Schema):
    count: int = Field(description="Nombre total de lieux correspondant à la recherche.")
    page: int
    page_size: int
    next: str | None = Field(description="Adresse de la page suivante, ou null.")
    previous: str | None = Field(description="Adresse de la page précédente, ou null.")
    results: list[PlaceOut]


class PointGeometry(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="[longitude, latitude] (WGS 84), dans cet ordre.")


class PlaceFeature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: PointGeometry | None = Field(description="null pour un lieu sans position connue.")
    properties: PlaceProperties


class PlaceFeatureCollection(Schema):
    type: Literal["FeatureCollection"]
    features: list[PlaceFeature]


class CommuneChoice(Schema):
    insee_code: str
    name: str
    label: str = Field(description="Nom à renvoyer tel quel dans le paramètre `commune` pour lever l'ambiguïté.")
    kind: str = Field(description="`actuelle`, `deleguee` ou `associee`.")
    current_commune: str = Field(description="Nom de la commune actuelle (elle-même pour une commune actuelle).")
    postal_codes: list[str]


class ErrorOut(Schema):
    """The one shape of every error the API returns, whatever its status (400, 404, 405, 422, 429...)."""

    message: str = Field(
        description="Ce qui ne va pas, en une phrase en français.",
        examples=["La recherche contient des paramètres invalides."],
    )
    errors: list[str] = Field(
        default_factory=list,
        description="Messages en français, un par paramètre ou champ invalide (vide quand `message` suffit).",
        examples=[["Le rayon ne peut pas dépasser 300 km."]],
    )
    choices: list[CommuneChoice] = Field(
        default_factory=list,
        description="Quand la commune est ambiguë ou n'est pas la bonne sorte de code : les communes possibles.",
    )


# What every operation may answer besides its own statuses: too many requests (the API's rate limit).
COMMON_ERRORS = (429,)
ERROR_DESCRIPTIONS = {
    400: "Requête invalide : paramètres ou données refusés, avec les messages en français.",
    401: "Authentification requise : jeton d'API personnel (`Authorization: Bearer`) ou session du site.",
    403: "Refusé : jeton CSRF absent ou faux avec une session, ou personne non autorisée (message en français).",
    404: "Introuvable.",
    409: "Refusé par les règles de la réservation (créneau complet, lieu fermé, délai...), avec le message en français.",
    422: "Corps de requête ou paramètre de chemin mal formé (type ou champ obligatoire).",
    429: "Trop de requêtes : réessayer après le délai donné par l'en-tête `Retry-After`.",
}


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response=` entries for an operation's error statuses, always with the common ones."""
    return dict.fromkeys(sorted({*statuses, *COMMON_ERRORS}), ErrorOut)


# --- The map's GeoJSON: only what a map draws, for every place at once ---------------------------------------
class PlaceMapProperties(Schema):
    name: str
    kind: str = Field(description="Code du type de lieu (libellé dans `labels.kind` de la collection).")
    status: str = Field(description="Code du statut dans le réseau (libellé dans `labels.status`).")
    commune: str = Field(description="Nom de la commune, comme dans `commune.name` de `/api/v1/places`.")
    slug: str = Field(description="Identifiant d'URL : la fiche du lieu est `url_template` de la collection.")
    is_demo: bool = Field(False, description="Lieu fictif du jeu de démonstration ; absent quand faux.")
    location_is_approximate: bool = Field(
        False, description="Vrai quand la position est celle de la mairie ; absent quand faux."
    )
    distance_km: float | None = Field(
        None, description="Seulement avec le paramètre `commune` : distance à vol d'oiseau depuis la commune."
    )


class PlaceMapFeature(Schema):
    type: Literal["Feature"]
    id: int = Field(description="Identifiant du lieu (le même que `id` dans `/api/v1/places`).")
    geometry: PointGeometry | None = Field(description="null pour un lieu sans position connue.")
    properties: PlaceMapProperties


class MapLabels(Schema):
    kind: dict[str, str] = Field(description="Libellé français de chaque code de type de lieu.")
    status: dict[str, str] = Field(description="Libellé français de chaque code de statut.")


class PlaceMapCollection(Schema):
    type: Literal["FeatureCollection"]
    labels: MapLabels = Field(description="Les libellés des codes, une fois pour toute la collection.")
    url_template: str = Field(
        description="Adresse absolue de la fiche d'un lieu, où se trouve tout le reste : remplacez `{slug}`."
    )
    features: list[PlaceMapFeature]
