"""Which partner organisations get a project request: (topics, commune) → organisations, each with a reason in
plain French, one of them the lead. Pure: no ORM, no clock; the database side (selectors.coverages) builds the
inputs."""

from dataclasses import dataclass
from enum import StrEnum


class CommuneKind(StrEnum):
    CURRENT = "actuelle"  # a commune as it is today
    DELEGATED = "deleguee"  # a former commune, now part of `current_code` (Javols → Peyre en Aubrac)
    UNKNOWN = "inconnue"  # what was typed matches no commune of the département
    NOT_CHOSEN = "non_choisie"  # the person has not chosen where to settle yet


@dataclass(frozen=True)
class Where:
    kind: CommuneKind
    name: str = ""  # as the person knows it (Javols)
    current_code: str = ""  # INSEE code of the current commune ("" when unknown or not chosen)
    current_name: str = ""  # Peyre en Aubrac


@dataclass(frozen=True)
class Coverage:
    """What one organisation handles, and where."""

    organisation_id: int
    name: str
    topics: frozenset[str]
    # INSEE codes of the current communes it covers; None = the whole département.
    communes: frozenset[str] | None
    territory_label: str  # « toute la Lozère », « Communauté de communes des Terres d'Apcher-Margeride-Aubrac »
    receives: bool  # False: closed (the MDECS since 2018), or its territory is not set yet


@dataclass(frozen=True)
class Match:
    organisation_id: int
    name: str
    topics: tuple[str, ...]  # the request's topics it handles, in the request's order
    reason: str  # « Traite « Créer une entreprise » sur toute la Lozère. »
    lead: bool


@dataclass(frozen=True)
class Routing:
    matches: tuple[Match, ...]
    unrouted_topics: tuple[str, ...]  # topics no receiving organisation handles there: staff route them by hand

    @property
    def lead(self) -> Match | None:
        return next((match for match in self.matches if match.lead), None)
