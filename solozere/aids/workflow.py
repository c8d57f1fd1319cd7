"""The instruction workflow of an aid application: an explicit transition table.

States are ASCII codes with French labels. Every change of state goes through `solozere.aids.services`, which
applies a row of this table with `solozere.core.workflow_log.apply_transition` (one ApplicationTransition row:
who, when, from, to, why). No ORM here: this table is tested on its own.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposée")
    UNDER_REVIEW = "under_review", _("en instruction")
    AWAITING_DOCUMENTS = "awaiting_documents", _("pièces demandées")
    ACCEPTED = "accepted", _("accordée")
    REFUSED = "refused", _("refusée")
    PAID = "paid", _("versée")
    WITHDRAWN = "withdrawn", _("retirée")


class Role(StrEnum):
    """Who acts on an application (the roles of the transition table)."""

    APPLICANT = "applicant"
    STAFF = "staff"


class Action(StrEnum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_DOCUMENTS = "request_documents"
    COMPLETE = "complete"
    ACCEPT = "accept"
    REFUSE = "refuse"
    RECORD_PAYMENT = "record_payment"
    WITHDRAW = "withdraw"


_T = Transition
_APPLICANT = frozenset({Role.APPLICANT})
_STAFF = frozenset({Role.STAFF})
WORKFLOW = Workflow(
    noun=_("la demande"),
    states=dict(Status.choices),
    roles={Role.APPLICANT: _("l'entreprise"), Role.STAFF: _("l'équipe du réseau")},
    transitions=[
        _T(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED, _APPLICANT, _("Déposer la demande")),
        _T(
            Action.START_REVIEW,
            frozenset({Status.SUBMITTED}),
            Status.UNDER_REVIEW,
            _STAFF,
            _("Prendre en instruction"),
        ),
        _T(
            Action.REQUEST_DOCUMENTS,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
            Status.AWAITING_DOCUMENTS,
            _STAFF,
            _("Demander des pièces"),
            reason_required=True,
        ),
        _T(
            Action.COMPLETE,
            frozenset({Status.AWAITING_DOCUMENTS}),
            Status.UNDER_REVIEW,
            _APPLICANT,
            _("Renvoyer la demande complétée"),
        ),
        _T(
            Action.ACCEPT,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
            Status.ACCEPTED,
            _STAFF,
            _("Accorder l'aide"),
        ),
        _T(
            Action.REFUSE,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS}),
            Status.REFUSED,
            _STAFF,
            _("Refuser l'aide"),
            reason_required=True,
        ),
        _T(Action.RECORD_PAYMENT, frozenset({Status.ACCEPTED}), Status.PAID, _STAFF, _("Enregistrer le versement")),
        _T(
            Action.WITHDRAW,
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS}),
            Status.WITHDRAWN,
            _APPLICANT,
            _("Retirer la demande"),
        ),
    ],
)

# An application in one of these states holds its employee: the same person cannot be funded twice.
LIVE_STATUSES = frozenset(
    {Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS, Status.ACCEPTED, Status.PAID}
)
# The amounts of these count as committed in the envelope.
COMMITTED_STATUSES = frozenset({Status.ACCEPTED, Status.PAID})
# The applicant may edit the application and its pieces in these states.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.AWAITING_DOCUMENTS})
DECIDED_STATUSES = frozenset({Status.ACCEPTED, Status.REFUSED, Status.PAID})


# --- Representation of a company ----------------------------------------------------------------------------
# Typing a SIRET does not make anyone its representative: a person files a claim with a proof (a Kbis extract or
# a mandate, or an e-mail address at the company's domain), the network staff approve or refuse it. A claim on a
# company someone already represents is a contest: approved, it replaces them.


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("à examiner")
    APPROVED = "approved", _("acceptée")
    REFUSED = "refused", _("refusée")


class ClaimAction(StrEnum):
    FILE = "file"
    APPROVE = "approve"
    REFUSE = "refuse"


CLAIM_WORKFLOW = Workflow(
    noun=_("la demande de représentation"),
    states=dict(ClaimStatus.choices),
    roles={Role.APPLICANT: _("la personne qui la demande"), Role.STAFF: _("l'équipe du réseau")},
    transitions=[
        _T(ClaimAction.FILE, frozenset({NOTHING}), ClaimStatus.PENDING, _APPLICANT, _("Demander à représenter")),
        _T(
            ClaimAction.APPROVE,
            frozenset({ClaimStatus.PENDING}),
            ClaimStatus.APPROVED,
            _STAFF,
            _("Accepter la représentation"),
        ),
        _T(
            ClaimAction.REFUSE,
            frozenset({ClaimStatus.PENDING}),
            ClaimStatus.REFUSED,
            _STAFF,
            _("Refuser la représentation"),
            reason_required=True,
        ),
    ],
)
