"""The workflow of a place's adhesion to the charter: states and the transitions between them (one core Workflow).
Pure: no ORM.

    submitted --approve--> approved --suspend--> suspended --reinstate--> approved
    submitted --refuse---> refused
    approved / suspended --end--> ended      (renewed by a newer approval, or expired)

"À renouveler" is not a state: an approved (or suspended) membership carries a renewal request (new charter
version, or the yearly term coming) until a new application is approved.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow


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


class Role(models.TextChoices):
    """Who acts on an adhesion. "system" is the platform itself: the check after a place's edit, the yearly expiry,
    the end of the label a renewal replaces."""

    MANAGER = "manager", _("les gestionnaires du lieu")
    STAFF = "staff", _("l'équipe du réseau")
    SYSTEM = "system", _("la plateforme")


_T = Transition
WORKFLOW = Workflow(
    noun=_("l'adhésion"),
    states=dict(MembershipStatus.choices),
    roles=dict(Role.choices),
    transitions=[
        _T(
            Action.SUBMIT,
            frozenset({NOTHING}),
            MembershipStatus.SUBMITTED,
            frozenset({Role.MANAGER, Role.STAFF}),
            _("Demander l'adhésion"),
        ),
        _T(
            Action.APPROVE,
            frozenset({MembershipStatus.SUBMITTED}),
            MembershipStatus.APPROVED,
            frozenset({Role.STAFF}),
            _("Valider l'adhésion"),
        ),
        _T(
            Action.REFUSE,
            frozenset({MembershipStatus.SUBMITTED}),
            MembershipStatus.REFUSED,
            frozenset({Role.STAFF}),
            _("Refuser l'adhésion"),
        ),
        _T(
            Action.SUSPEND,
            frozenset({MembershipStatus.APPROVED}),
            MembershipStatus.SUSPENDED,
            frozenset({Role.SYSTEM}),
            _("Suspendre le label"),
            reason_required=True,
        ),
        _T(
            Action.REINSTATE,
            frozenset({MembershipStatus.SUSPENDED}),
            MembershipStatus.APPROVED,
            frozenset({Role.STAFF}),
            _("Rétablir le label"),
        ),
        _T(
            Action.END,
            frozenset({MembershipStatus.APPROVED, MembershipStatus.SUSPENDED}),
            MembershipStatus.ENDED,
            frozenset({Role.SYSTEM}),
            _("Terminer l'adhésion"),
        ),
    ],
)

# States in which the place carries the charter label (shown, or shown as suspended).
LABEL_STATES = (MembershipStatus.APPROVED, MembershipStatus.SUSPENDED)
