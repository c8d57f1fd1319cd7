"""The workflows of a project request and of each organisation's part in it (core Workflows). Pure: no ORM.

Request:     (new) --submit--> pending (a visitor who has not confirmed their e-mail address yet; nobody sees it)
             (new) / pending --open--> open (confirmed and routed: at least one organisation has it)
             (new) / pending --leave_unrouted--> unrouted (no organisation covers a topic there: staff route it)
             unrouted --route_by_hand--> open          open --back_to_routing--> unrouted (every organisation
             declined)     open --close--> closed (every part has ended, one at least done)     any live
             --withdraw--> withdrawn
Assignment:  (new) --assign--> new (an organisation has it, nobody has taken it yet)
             new --take--> taken --start--> in_progress --finish--> done (with an outcome)
             new / taken / in_progress --decline--> declined ("pas pour nous", with a reason: back to routing)
             new / taken / in_progress --hand_over--> handed_over (to another organisation, with a note)
             taken / in_progress --release--> new (the agent who had it is absent: their colleagues take it)
             new / taken / in_progress --withdraw--> withdrawn (the person withdrew their request)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow

_T = Transition


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("adresse e-mail à confirmer")
    UNROUTED = "unrouted", _("à orienter par l'équipe")
    OPEN = "open", _("transmise aux partenaires")
    CLOSED = "closed", _("terminée")
    WITHDRAWN = "withdrawn", _("retirée")


LIVE_REQUEST_STATES = (RequestStatus.PENDING, RequestStatus.UNROUTED, RequestStatus.OPEN)


class RequestAction(models.TextChoices):
    SUBMIT = "submit", _("déposée")
    OPEN = "open", _("transmise")
    LEAVE_UNROUTED = "leave_unrouted", _("sans partenaire")
    ROUTE_BY_HAND = "route_by_hand", _("orientée par l'équipe")
    BACK_TO_ROUTING = "back_to_routing", _("revenue à l'orientation")
    CLOSE = "close", _("terminée")
    WITHDRAW = "withdraw", _("retirée")


class RequestRole(models.TextChoices):
    REQUESTER = "requester", _("la personne qui a déposé la demande")
    STAFF = "staff", _("l'équipe du réseau")
    AGENT = "agent", _("l'agent d'une structure partenaire")
    SYSTEM = "system", _("la plateforme")


_REQUESTER = frozenset({RequestRole.REQUESTER})
_SYSTEM = frozenset({RequestRole.SYSTEM})
_STAFF = frozenset({RequestRole.STAFF})
_ROUTING_SOURCES = frozenset({NOTHING, RequestStatus.PENDING})

REQUEST_WORKFLOW = Workflow(
    noun=_("la demande"),
    states=dict(RequestStatus.choices),
    roles=dict(RequestRole.choices),
    transitions=[
        _T(RequestAction.SUBMIT, frozenset({NOTHING}), RequestStatus.PENDING, _REQUESTER, _("Déposer")),
        _T(RequestAction.OPEN, _ROUTING_SOURCES, RequestStatus.OPEN, _REQUESTER | _SYSTEM, _("Transmettre")),
        _T(
            RequestAction.LEAVE_UNROUTED,
            _ROUTING_SOURCES,
            RequestStatus.UNROUTED,
            _REQUESTER | _SYSTEM,
            _("Laisser à l'équipe"),
        ),
        _T(
            RequestAction.ROUTE_BY_HAND,
            frozenset({RequestStatus.UNROUTED, RequestStatus.OPEN}),
            RequestStatus.OPEN,
            _STAFF,
            _("Orienter"),
        ),
        _T(
            RequestAction.BACK_TO_ROUTING,
            frozenset({RequestStatus.OPEN}),
            RequestStatus.UNROUTED,
            frozenset({RequestRole.AGENT, RequestRole.SYSTEM}),
            _("Renvoyer à l'orientation"),
        ),
        _T(
            RequestAction.CLOSE,
            frozenset({RequestStatus.OPEN}),
            RequestStatus.CLOSED,
            frozenset({RequestRole.AGENT, RequestRole.STAFF}),
            _("Terminer"),
        ),
        _T(
            RequestAction.WITHDRAW,
            frozenset(LIVE_REQUEST_STATES),
            RequestStatus.WITHDRAWN,
            _REQUESTER | _STAFF,
            _("Retirer la demande"),
        ),
    ],
)


class AssignmentStatus(models.TextChoices):
    NEW = "new", _("à prendre")
    TAKEN = "taken", _("prise en charge")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("terminée")
    DECLINED = "declined", _("pas pour nous")
    HANDED_OVER = "handed_over", _("transmise à une autre structure")
    WITHDRAWN = "withdrawn", _("retirée")


ACTIVE_ASSIGNMENT_STATES = (AssignmentStatus.NEW, AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS)


class AssignmentAction(models.TextChoices):
    ASSIGN = "assign", _("transmise")
    TAKE = "take", _("prise en charge")
    START = "start", _("en cours")
    FINISH = "finish", _("terminée")
    DECLINE = "decline", _("pas pour nous")
    HAND_OVER = "hand_over", _("transmise à une autre structure")
    RELEASE = "release", _("rendue à l'équipe de la structure")
    WITHDRAW = "withdraw", _("retirée")


class AssignmentRole(models.TextChoices):
    AGENT = "agent", _("un agent de la structure")
    STAFF = "staff", _("l'équipe du réseau")
    REQUESTER = "requester", _("la personne qui a déposé la demande")
    SYSTEM = "system", _("la plateforme")


_AGENT_STAFF = frozenset({AssignmentRole.AGENT, AssignmentRole.STAFF})
_ACTIVE = frozenset(ACTIVE_ASSIGNMENT_STATES)
_WORKING = frozenset({AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS})

ASSIGNMENT_WORKFLOW = Workflow(
    noun=_("la demande"),
    states=dict(AssignmentStatus.choices),
    roles=dict(AssignmentRole.choices),
    transitions=[
        _T(
            AssignmentAction.ASSIGN,
            frozenset({NOTHING}),
            AssignmentStatus.NEW,
            frozenset({AssignmentRole.SYSTEM, AssignmentRole.STAFF, AssignmentRole.AGENT}),
            _("Transmettre"),
        ),
        _T(
            AssignmentAction.TAKE, frozenset({AssignmentStatus.NEW}), AssignmentStatus.TAKEN, _AGENT_STAFF, _("Prendre")
        ),
        _T(
            AssignmentAction.START,
            frozenset({AssignmentStatus.TAKEN}),
            AssignmentStatus.IN_PROGRESS,
            _AGENT_STAFF,
            _("Marquer en cours"),
        ),
        _T(
            AssignmentAction.FINISH,
            _WORKING,
            AssignmentStatus.DONE,
            _AGENT_STAFF,
            _("Terminer"),
            reason_required=True,
        ),
        _T(
            AssignmentAction.DECLINE,
            _ACTIVE,
            AssignmentStatus.DECLINED,
            _AGENT_STAFF,
            _("Pas pour nous"),
            reason_required=True,
        ),
        _T(
            AssignmentAction.HAND_OVER,
            _ACTIVE,
            AssignmentStatus.HANDED_OVER,
            _AGENT_STAFF,
            _("Transmettre à une autre structure"),
            reason_required=True,
        ),
        _T(
            AssignmentAction.RELEASE,
            _WORKING,
            AssignmentStatus.NEW,
            frozenset({AssignmentRole.SYSTEM, AssignmentRole.STAFF}),
            _("Rendre à la structure"),
        ),
        _T(
            AssignmentAction.WITHDRAW,
            _ACTIVE,
            AssignmentStatus.WITHDRAWN,
            frozenset({AssignmentRole.REQUESTER, AssignmentRole.STAFF, AssignmentRole.SYSTEM}),
            _("Retirer"),
        ),
    ],
)
