"""The instruction workflow of an aid application: an explicit transition table.

States are ASCII codes with French labels. Every change of state goes through
`solozere.aids.services` which looks the action up here, and writes a log row (who, when, from, to, why).
No ORM here: this table is tested on its own.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposée")
    UNDER_REVIEW = "under_review", _("en instruction")
    AWAITING_DOCUMENTS = "awaiting_documents", _("pièces demandées")
    ACCEPTED = "accepted", _("accordée")
    REFUSED = "refused", _("refusée")
    PAID = "paid", _("versée")
    WITHDRAWN = "withdrawn", _("retirée")


class Actor(StrEnum):
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


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    actor: Actor
    label: Promise
    reason_required: bool = False


_T = Transition
TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        _T(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED, Actor.APPLICANT, _("Déposer la demande")),
        _T(
            Action.START_REVIEW,
            frozenset({Status.SUBMITTED}),
            Status.UNDER_REVIEW,
            Actor.STAFF,
            _("Prendre en instruction"),
        ),
        _T(
            Action.REQUEST_DOCUMENTS,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
            Status.AWAITING_DOCUMENTS,
            Actor.STAFF,
            _("Demander des pièces"),
            reason_required=True,
        ),
        _T(
            Action.COMPLETE,
            frozenset({Status.AWAITING_DOCUMENTS}),
            Status.UNDER_REVIEW,
            Actor.APPLICANT,
            _("Renvoyer la demande complétée"),
        ),
        _T(
            Action.ACCEPT,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
            Status.ACCEPTED,
            Actor.STAFF,
            _("Accorder l'aide"),
        ),
        _T(
            Action.REFUSE,
            frozenset({Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS}),
            Status.REFUSED,
            Actor.STAFF,
            _("Refuser l'aide"),
            reason_required=True,
        ),
        _T(
            Action.RECORD_PAYMENT, frozenset({Status.ACCEPTED}), Status.PAID, Actor.STAFF, _("Enregistrer le versement")
        ),
        _T(
            Action.WITHDRAW,
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS}),
            Status.WITHDRAWN,
            Actor.APPLICANT,
            _("Retirer la demande"),
        ),
    ]
}

# An application in one of these states holds its employee: the same person cannot be funded twice.
LIVE_STATUSES = frozenset(
    {Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_DOCUMENTS, Status.ACCEPTED, Status.PAID}
)
# The amounts of these count as committed in the envelope.
COMMITTED_STATUSES = frozenset({Status.ACCEPTED, Status.PAID})
# The applicant may edit the application and its pieces in these states.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.AWAITING_DOCUMENTS})
DECIDED_STATUSES = frozenset({Status.ACCEPTED, Status.REFUSED, Status.PAID})


class TransitionNotAllowed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def transition_for(action: Action | str, current: Status | str, actor: Actor) -> Transition:
    """The transition to apply, or TransitionNotAllowed with a French sentence."""
    from django.utils.translation import gettext

    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError:
        raise TransitionNotAllowed(gettext("Action inconnue.")) from None
    if transition.actor != actor:
        raise TransitionNotAllowed(gettext("Vous n'avez pas le droit d'effectuer cette action sur la demande."))
    if Status(current) not in transition.sources:
        raise TransitionNotAllowed(
            gettext("Action « %(action)s » impossible : la demande est « %(status)s ».")
            % {"action": transition.label, "status": Status(current).label}
        )
    return transition


def actions_available(current: Status | str, actor: Actor) -> list[Transition]:
    status = Status(current)
    return [t for t in TRANSITIONS.values() if t.actor == actor and status in t.sources]
