"""What makes a Comptoir or a Télécentre, checked against what we know of a place. Pure: no ORM.

Each criterion is passed, failed or unknown: a fact we do not have is never counted as met or as missing.

Comptoir SoLozère: a place open to the public, with no access restriction, a space dedicated to telework, free Wi-Fi.
Télécentre: private offices or a shared space, a professional connection, reception and animation.

The quality charter (solozere.charter.models) names, per version and per kind, which of these checks a member
place must pass (`CHARTER_CHECKS`), with its own minimum bandwidth: `assess_charter` runs them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.places.models import Access, PlaceKind, Wifi

# Below this measured download speed a connection is not "professional". 30 Mbit/s is the
# threshold of "très haut débit" in the French broadband plan (Plan France Très Haut Débit).
PROFESSIONAL_DOWNLOAD_MBPS = Decimal(30)


class CriterionState(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


class PlaceFacts(Protocol):
    """The attributes of a Place the criteria read (a Place, or any object with them, in tests)."""

    # Read-only properties, so that a Place (Decimal speed) and a test double (float) both fit.
    @property
    def access(self) -> str: ...
    @property
    def wifi(self) -> str: ...
    @property
    def dedicated_telework_space(self) -> bool | None: ...
    @property
    def private_offices(self) -> bool | None: ...
    @property
    def open_space(self) -> bool | None: ...
    @property
    def reception_animation(self) -> bool | None: ...
    @property
    def download_mbps(self) -> Decimal | float | int | None: ...


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str | Promise
    state: CriterionState
    explanation: str

    @property
    def passed(self) -> bool:
        return self.state == CriterionState.PASSED

    @property
    def failed(self) -> bool:
        return self.state == CriterionState.FAILED

    @property
    def unknown(self) -> bool:
        return self.state == CriterionState.UNKNOWN


@dataclass(frozen=True)
class KindAssessment:
    kind: str
    results: list[CriterionResult]

    @property
    def has_criteria(self) -> bool:
        return bool(self.results)

    @property
    def state(self) -> CriterionState:
        """Failed if one criterion fails; passed only if all pass; unknown otherwise."""
        if any(result.failed for result in self.results):
            return CriterionState.FAILED
        if self.results and all(result.passed for result in self.results):
            return CriterionState.PASSED
        return CriterionState.UNKNOWN

    @property
    def counts(self) -> dict[str, int]:
        return {state.value: sum(1 for r in self.results if r.state == state) for state in CriterionState}


def _result(code: str, label: str | Promise, state: CriterionState, explanation: str) -> CriterionResult:
    return CriterionResult(code=code, label=label, state=state, explanation=explanation)


def open_to_public(place: PlaceFacts) -> CriterionResult:
    label = gettext_lazy("Ouvert au public")
    if place.access in (Access.OPEN, Access.BOOKING):
        return _result(
            "open_to_public",
            label,
            CriterionState.PASSED,
            _("Le lieu accueille tout le monde, pas seulement ses membres."),
        )
    if place.access == Access.MEMBERS:
        return _result(
            "open_to_public",
            label,
            CriterionState.FAILED,
            _("Le lieu est réservé à ses abonnés ou adhérents : il n'est pas ouvert au public."),
        )
    return _result("open_to_public", label, CriterionState.UNKNOWN, _("On ne sait pas qui le lieu accueille."))


def no_access_restriction(place: PlaceFacts) -> CriterionResult:
    label = gettext_lazy("Sans restriction d'accès")
    if place.access == Access.OPEN:
        return _result(
            "no_access_restriction",
            label,
            CriterionState.PASSED,
            _("On peut venir sans réservation ni adhésion."),
        )
    if place.access == Access.BOOKING:
        return _result("no_access_restriction", label, CriterionState.FAILED, _("L'accès se fait sur réservation."))
    if place.access == Access.MEMBERS:
        return _result(
            "no_access_restriction",
            label,
            CriterionState.FAILED,
            _("L'accès est réservé aux abonnés ou adhérents."),
        )
    return _result(
        "no_access_restriction", label, CriterionState.UNKNOWN, _("Les conditions d'accès ne sont pas renseignées.")
    )


def _yes_no(code: str, label: str | Promise, value: bool | None, yes: str, no: str, unknown: str) -> CriterionResult:
    if value is True:
        return _result(code, label, CriterionState.PASSED, yes)
    if value is False:
        return _result(code, label, CriterionState.FAILED, no)
    return _result(code, label, CriterionState.UNKNOWN, unknown)


def dedicated_telework_space(place: PlaceFacts) -> CriterionResult:
    return _yes_no(
        "dedicated_telework_space",
        gettext_lazy("Espace dédié au télétravail"),
        place.dedicated_telework_space,
        _("Un espace est réservé au télétravail."),
        _("Le lieu n'a pas d'espace réservé au télétravail."),
        _("On ne sait pas si un espace est réservé au télétravail."),
    )


def free_wifi(place: PlaceFacts) -> CriterionResult:
    label = gettext_lazy("Wi-Fi gratuit")
    if place.wifi == Wifi.FREE:
        return _result("free_wifi", label, CriterionState.PASSED, _("Le Wi-Fi est gratuit."))
    if place.wifi == Wifi.PAID:
        return _result("free_wifi", label, CriterionState.FAILED, _("Le Wi-Fi est payant."))
    if place.wifi == Wifi.NONE:
        return _result("free_wifi", label, CriterionState.FAILED, _("Le lieu n'a pas de Wi-Fi."))
    return _result("free_wifi", label, CriterionState.UNKNOWN, _("On ne sait pas si le lieu a un Wi-Fi gratuit."))


def workspace(place: PlaceFacts) -> CriterionResult:
    label = gettext_lazy("Bureaux privatifs ou espace partagé")
    offices, shared = place.private_offices, place.open_space
    if offices and shared:
        return _result(
            "workspace", label, CriterionState.PASSED, _("Le lieu a des bureaux privatifs et un espace partagé.")
        )
    if offices:
        return _result("workspace", label, CriterionState.PASSED, _("Le lieu a des bureaux privatifs."))
    if shared:
        return _result("workspace", label, CriterionState.PASSED, _("Le lieu a un espace partagé (open space)."))
    if offices is False and shared is False:
        return _result(
            "workspace", label, CriterionState.FAILED, _("Le lieu n'a ni bureau privatif ni espace partagé.")
        )
    return _result(
        "workspace",
        label,
        CriterionState.UNKNOWN,
        _("On ne sait pas si le lieu a des bureaux privatifs ou un espace partagé."),
    )


def format_mbps(value: Decimal | float | int) -> str:
    """30 -> "30", 45.5 -> "45,5" (in French)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return number_format(int(number), use_l10n=True)
    return number_format(number, decimal_pos=1, use_l10n=True)


def professional_connectivity(place: PlaceFacts, minimum_mbps: Decimal = PROFESSIONAL_DOWNLOAD_MBPS) -> CriterionResult:
    """`minimum_mbps`: each charter version sets its own; the kind's definition uses the national threshold."""
    label = gettext_lazy("Connexion professionnelle")
    threshold = format_mbps(minimum_mbps)
    if place.download_mbps is None:
        return _result(
            "professional_connectivity",
            label,
            CriterionState.UNKNOWN,
            _("Le débit n'a pas été mesuré (il faut au moins %(threshold)s Mbit/s en réception).")
            % {"threshold": threshold},
        )
    measured = Decimal(str(place.download_mbps))
    values = {"measured": format_mbps(measured), "threshold": threshold}
    if measured >= minimum_mbps:
        return _result(
            "professional_connectivity",
            label,
            CriterionState.PASSED,
            _("Débit mesuré de %(measured)s Mbit/s en réception, au moins %(threshold)s Mbit/s.") % values,
        )
    return _result(
        "professional_connectivity",
        label,
        CriterionState.FAILED,
        _("Débit mesuré de %(measured)s Mbit/s en réception, sous le seuil de %(threshold)s Mbit/s.") % values,
    )


def reception_animation(place: PlaceFacts) -> CriterionResult:
    return _yes_no(
        "reception_animation",
        gettext_lazy("Accueil et animation"),
        place.reception_animation,
        _("Le lieu assure un accueil et une animation."),
        _("Le lieu n'assure ni accueil ni animation."),
        _("On ne sait pas si le lieu assure un accueil et une animation."),
    )


CRITERIA: dict[str, list[Callable[[PlaceFacts], CriterionResult]]] = {
    PlaceKind.COMPTOIR: [open_to_public, no_access_restriction, dedicated_telework_space, free_wifi],
    PlaceKind.TELECENTRE: [workspace, professional_connectivity, reception_animation],
    PlaceKind.TIERS_LIEU: [],
}


def assess(place: PlaceFacts, kind: str) -> KindAssessment:
    """The defining criteria of `kind` checked against the facts of `place` (none for "autre tiers-lieu")."""
    return KindAssessment(kind=kind, results=[check(place) for check in CRITERIA.get(kind, [])])


# --- The quality charter ------------------------------------------------------------------------------------------


class CharterFacts(PlaceFacts, Protocol):
    """What the charter reads beyond the kind's definition (capacity, the wider services)."""

    desks: int | None
    meeting_room: bool | None
    videoconference: bool | None
    printing: bool | None


def reception_capacity_and_animation(place: CharterFacts) -> CriterionResult:
    code, label = "reception_capacity_and_animation", gettext_lazy("Capacité d'accueil et animation")
    if place.reception_animation is False:
        return _result(code, label, CriterionState.FAILED, _("Le lieu n'assure ni accueil ni animation."))
    if place.desks == 0:
        return _result(code, label, CriterionState.FAILED, _("Le lieu n'a aucun poste de travail à offrir."))
    if place.reception_animation is True and place.desks:
        return _result(
            code,
            label,
            CriterionState.PASSED,
            _("Le lieu assure un accueil et une animation, avec %(desks)s postes de travail.") % {"desks": place.desks},
        )
    return _result(
        code,
        label,
        CriterionState.UNKNOWN,
        _("Il faut savoir combien de postes le lieu offre et s'il assure un accueil et une animation."),
    )


# A Télécentre offers more than desks: at least this many of the services below.
WIDER_SERVICES_MINIMUM = 2
_WIDER_SERVICES: dict[str, str | Promise] = {
    "meeting_room": gettext_lazy("salle de réunion"),
    "videoconference": gettext_lazy("visioconférence"),
    "printing": gettext_lazy("impression"),
}


def wider_services(place: CharterFacts) -> CriterionResult:
    code, label = "wider_services", gettext_lazy("Services élargis")
    values = {name: getattr(place, name) for name in _WIDER_SERVICES}
    present = [str(_WIDER_SERVICES[name]) for name, value in values.items() if value is True]
    unknown = [name for name, value in values.items() if value is None]
    needed = {"minimum": WIDER_SERVICES_MINIMUM, "services": ", ".join(str(v) for v in _WIDER_SERVICES.values())}
    if len(present) >= WIDER_SERVICES_MINIMUM:
        return _result(
            code, label, CriterionState.PASSED, _("Le lieu propose : %(present)s.") % {"present": ", ".join(present)}
        )
    if len(present) + len(unknown) < WIDER_SERVICES_MINIMUM:
        return _result(
            code,
            label,
            CriterionState.FAILED,
            _("Il faut au moins %(minimum)s services parmi : %(services)s.") % needed,
        )
    return _result(
        code,
        label,
        CriterionState.UNKNOWN,
        _("On ne sait pas si le lieu propose au moins %(minimum)s services parmi : %(services)s.") % needed,
    )


# Every check a charter version may ask for, by code (the code is stored on the version's criteria).
CHARTER_CHECKS: dict[str, Callable[..., CriterionResult]] = {
    "open_to_public": open_to_public,
    "no_access_restriction": no_access_restriction,
    "dedicated_telework_space": dedicated_telework_space,
    "free_wifi": free_wifi,
    "workspace": workspace,
    "professional_connectivity": professional_connectivity,
    "reception_capacity_and_animation": reception_capacity_and_animation,
    "wider_services": wider_services,
}
CHARTER_CHECK_CHOICES: list[tuple[str, str | Promise]] = [
    ("open_to_public", gettext_lazy("Ouvert au public")),
    ("no_access_restriction", gettext_lazy("Sans restriction d'accès")),
    ("dedicated_telework_space", gettext_lazy("Espace dédié au télétravail")),
    ("free_wifi", gettext_lazy("Wi-Fi gratuit")),
    ("workspace", gettext_lazy("Bureaux privatifs ou espace partagé")),
    ("professional_connectivity", gettext_lazy("Connexion professionnelle")),
    ("reception_capacity_and_animation", gettext_lazy("Capacité d'accueil et animation")),
    ("wider_services", gettext_lazy("Services élargis")),
]


def check_charter_criterion(place: CharterFacts, code: str, *, minimum_mbps: Decimal) -> CriterionResult:
    """One criterion of a charter version; an unknown code is reported unknown, never passed."""
    check = CHARTER_CHECKS.get(code)
    if check is None:
        return _result(code, code, CriterionState.UNKNOWN, _("Ce critère ne peut pas être vérifié automatiquement."))
    if check is professional_connectivity:
        return professional_connectivity(place, minimum_mbps)
    return check(place)


def assess_charter(place: CharterFacts, codes: list[str], *, kind: str, minimum_mbps: Decimal) -> KindAssessment:
    """The criteria `codes` of a charter version (in their order), with the version's minimum bandwidth."""
    return KindAssessment(
        kind=kind, results=[check_charter_criterion(place, code, minimum_mbps=minimum_mbps) for code in codes]
    )
