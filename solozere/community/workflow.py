"""The membership workflow as an explicit transition table. Pure: no ORM."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipState(models.TextChoices):
    SUBMITTED = "submitted", _("en attente d'examen")
    INFO_REQUESTED = "info_requested", _("complément demandé")
    APPROVED = "approved", _("validée")
    REFUSED = "refused", _("refusée")


class MembershipAction(models.TextChoices):
    SUBMIT = "submit", _("demande d'adhésion")
    RESUBMIT = "resubmit", _("demande complétée")
    APPROVE = "approve", _("adhésion validée")
    REQUEST_INFO = "request_info", _("complément demandé")
    REFUSE = "refuse", _("adhésion refusée")
    RENEW = "renew", _("adhésion renouvelée")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str | None]
    target: str
    by_staff: bool
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    MembershipAction.SUBMIT: Transition(frozenset({None}), MembershipState.SUBMITTED, by_staff=False),
    MembershipAction.RESUBMIT: Transition(
        frozenset({MembershipState.INFO_REQUESTED, MembershipState.REFUSED}), MembershipState.SUBMITTED, by_staff=False
    ),
    MembershipAction.APPROVE: Transition(
        frozenset({MembershipState.SUBMITTED}), MembershipState.APPROVED, by_staff=True
    ),
    MembershipAction.REQUEST_INFO: Transition(
        frozenset({MembershipState.SUBMITTED}), MembershipState.INFO_REQUESTED, by_staff=True, reason_required=True
    ),
    MembershipAction.REFUSE: Transition(
        frozenset({MembershipState.SUBMITTED, MembershipState.INFO_REQUESTED}),
        MembershipState.REFUSED,
        by_staff=True,
        reason_required=True,
    ),
    MembershipAction.RENEW: Transition(frozenset({MembershipState.APPROVED}), MembershipState.APPROVED, by_staff=False),
}

# What staff may decide from the review page.
STAFF_DECISIONS = (MembershipAction.APPROVE, MembershipAction.REQUEST_INFO, MembershipAction.REFUSE)


class TransitionError(Exception):
    """Raised with a French message for the person who tried."""


def check_transition(*, state: str | None, action: str, by_staff: bool, reason: str = "") -> str:
    """The state reached by `action` from `state`, or TransitionError."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Action inconnue."))
    if transition.by_staff and not by_staff:
        raise TransitionError(_("Seule l'équipe du réseau peut prendre cette décision."))
    if state not in transition.sources:
        raise TransitionError(_("Cette action n'est pas possible pour une adhésion dans cet état."))
    if transition.reason_required and not reason.strip():
        raise TransitionError(_("Indiquez le motif : il est envoyé à la personne."))
    return transition.target
