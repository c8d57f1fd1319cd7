"""The workflow of a place's adhesion to the charter: states and the transitions between them. Pure: no ORM.

    submitted --approve--> approved --suspend--> suspended --reinstate--> approved
    submitted --refuse---> refused
    approved / suspended --end--> ended      (renewed by a newer approval, or expired)

"À renouveler" is not a state: an approved (or suspended) membership carries a renewal request (new charter
version, or the yearly term coming) until a new application is approved.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    SUBMITTED = "submitted", _("en attente d'examen")
    APPROVED = "approved", _("membre du réseau")
    REFUSED = "refused", _("refusée")
    SUSPENDED = "suspended", _("label suspendu")
    ENDED = "ended", _("terminée")


class Action(models.TextChoices):
    SUBMIT = "submit", _("demande envoyée")
    APPROVE = "approve", _("adhésion validée")
    REFUSE = "refuse", _("adhésion refusée")
    SUSPEND = "suspend", _("label suspendu")
    REINSTATE = "reinstate", _("label rétabli")
    END = "end", _("adhésion terminée")


# (from, action) -> to. The empty state is "nothing yet".
TRANSITIONS: dict[tuple[str, str], str] = {
    ("", Action.SUBMIT): MembershipStatus.SUBMITTED,
    (MembershipStatus.SUBMITTED, Action.APPROVE): MembershipStatus.APPROVED,
    (MembershipStatus.SUBMITTED, Action.REFUSE): MembershipStatus.REFUSED,
    (MembershipStatus.APPROVED, Action.SUSPEND): MembershipStatus.SUSPENDED,
    (MembershipStatus.SUSPENDED, Action.REINSTATE): MembershipStatus.APPROVED,
    (MembershipStatus.APPROVED, Action.END): MembershipStatus.ENDED,
    (MembershipStatus.SUSPENDED, Action.END): MembershipStatus.ENDED,
}

# States in which the place carries the charter label (shown, or shown as suspended).
LABEL_STATES = (MembershipStatus.APPROVED, MembershipStatus.SUSPENDED)


class TransitionError(Exception):
    """An action that the current state does not allow; the message is French, for the person who tried."""


def next_status(current: str, action: str) -> str:
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        label = dict(MembershipStatus.choices).get(current, current)
        raise TransitionError(
            _("Cette action n'est pas possible pour une adhésion dans l'état « %(state)s ».") % {"state": label}
        ) from None


def allowed_actions(current: str) -> list[str]:
    return [action for (state, action) in TRANSITIONS if state == current]
