"""Which partner organisations get a project request: (topics, commune) → organisations, each with a reason in
plain French, one of them the lead. Pure: no ORM, no clock; the database side (selectors.coverages) builds the
inputs."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from solozere.accompaniment.topics import Topic
from solozere.territory.text import normalize_name


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


class RoutingError(ValueError):
    """A request that cannot be routed as it stands; the message is French and says why."""


def route(topics: Sequence[str], where: Where, coverages: Iterable[Coverage]) -> Routing:
    """The organisations that handle the request's topics at `where`, the lead first.

    A coverage matches when it receives, handles at least one of the topics and covers the place: a département-wide
    coverage covers every place (a commune not chosen yet or not recognised included); a territory-limited one only
    a recognised commune inside it, a commune déléguée being routed by its current commune. The lead has most of the
    request's topics, then the narrowest territory (one that knows the place better), then comes first by name."""
    requested = _checked_topics(topics)
    matched: list[tuple[Coverage, tuple[str, ...]]] = []
    for coverage in coverages:
        if not coverage.receives or not _covers(coverage, where):
            continue
        handled = tuple(topic for topic in requested if topic in coverage.topics)
        if handled:
            matched.append((coverage, handled))
    matched.sort(key=lambda item: _rank(*item))
    matches = tuple(
        Match(
            organisation_id=coverage.organisation_id,
            name=coverage.name,
            topics=handled,
            reason=_reason(coverage, handled, where),
            lead=index == 0,
        )
        for index, (coverage, handled) in enumerate(matched)
    )
    routed = {topic for match in matches for topic in match.topics}
    return Routing(matches=matches, unrouted_topics=tuple(topic for topic in requested if topic not in routed))


def _checked_topics(topics: Sequence[str]) -> tuple[str, ...]:
    """The request's topics in its order, each once. An unknown topic is a programming error upstream (the form
    offers only Topic's choices): refused rather than silently dropped, so that it cannot vanish from a request."""
    if not topics:
        raise RoutingError(_("Choisissez au moins un sujet pour votre projet."))
    known = set(Topic.values)
    for topic in topics:
        if topic not in known:
            raise RoutingError(_("Sujet inconnu : « %(topic)s ».") % {"topic": topic})
    return tuple(dict.fromkeys(topics))


def _covers(coverage: Coverage, where: Where) -> bool:
    if coverage.communes is None:
        return True
    # A commune not chosen yet, or not recognised, is nowhere in particular: only département-wide coverages.
    return where.kind in (CommuneKind.CURRENT, CommuneKind.DELEGATED) and where.current_code in coverage.communes


def _rank(coverage: Coverage, handled: tuple[str, ...]) -> tuple[int, float, str, str, int]:
    """Smaller is better: most topics, then narrowest territory (the whole département is the widest), then name
    (folded, so that accents and case do not decide), then id, for an order that does not depend on the input's."""
    breadth = math.inf if coverage.communes is None else len(coverage.communes)
    return (-len(handled), breadth, normalize_name(coverage.name), coverage.name, coverage.organisation_id)


def _reason(coverage: Coverage, handled: tuple[str, ...], where: Where) -> str:
    topics = get_text_list([_("« %(topic)s »") % {"topic": Topic(topic).label} for topic in handled], _("et"))
    if coverage.communes is not None:
        return _("Traite %(topics)s à %(commune)s, sur son territoire : %(territory)s.") % {
            "topics": topics,
            "commune": _commune_label(where),
            "territory": coverage.territory_label,
        }
    if where.kind == CommuneKind.UNKNOWN:
        if where.name:
            return _(
                "Traite %(topics)s sur toute la Lozère ; la commune indiquée, « %(commune)s », n'a pas été reconnue."
            ) % {"topics": topics, "commune": where.name}
        return _("Traite %(topics)s sur toute la Lozère ; la commune indiquée n'a pas été reconnue.") % {
            "topics": topics
        }
    return _("Traite %(topics)s sur toute la Lozère.") % {"topics": topics}


def _commune_label(where: Where) -> str:
    """« Peyre en Aubrac (Javols) » for a commune déléguée, the current commune's name otherwise."""
    current = where.current_name or where.name
    if where.kind == CommuneKind.DELEGATED and where.name and where.name != current:
        return _("%(current)s (%(delegated)s)") % {"current": current, "delegated": where.name}
    return current
