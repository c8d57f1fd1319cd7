"""The review workflow of the resource centre: a resource is proposed, then published or rejected by the network
staff; a proposer may take back their proposal, the staff may withdraw a published resource. Pure: no ORM.

    "" --propose--> proposed --publish--> published --unpublish--> withdrawn
    "" --from_event--> published --event_withdrawn--> withdrawn   (an event's contribution, published there)
                    proposed --reject---> rejected
                    proposed --withdraw-> withdrawn      (by the person who proposed it)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow


class Status(models.TextChoices):
    PROPOSED = "proposed", _("à relire")
    PUBLISHED = "published", _("publiée")
    REJECTED = "rejected", _("refusée")
    WITHDRAWN = "withdrawn", _("retirée")


class Action(models.TextChoices):
    PROPOSE = "propose", _("proposée")
    PUBLISH = "publish", _("publiée")
    REJECT = "reject", _("refusée")
    WITHDRAW = "withdraw", _("proposition retirée")
    UNPUBLISH = "unpublish", _("retirée de la publication")
    FROM_EVENT = "from_event", _("publiée avec la contribution à un événement")
    EVENT_WITHDRAWN = "event_withdrawn", _("retirée avec la contribution à l'événement")


class Role(models.TextChoices):
    """Who acts on a resource: the person who proposed it, or the network staff."""

    PROPOSER = "proposer", _("la personne qui l'a proposée")
    STAFF = "staff", _("l'équipe du réseau")
    EVENT = "event", _("l'organisateur de l'événement d'origine")


_T = Transition
_PROPOSER = frozenset({Role.PROPOSER})
_STAFF = frozenset({Role.STAFF})
_EVENT = frozenset({Role.EVENT})
WORKFLOW = Workflow(
    noun=_("la ressource"),
    states=dict(Status.choices),
    roles=dict(Role.choices),
    transitions=[
        _T(Action.PROPOSE, frozenset({NOTHING}), Status.PROPOSED, _PROPOSER, _("Proposer la ressource")),
        _T(Action.PUBLISH, frozenset({Status.PROPOSED}), Status.PUBLISHED, _STAFF, _("Publier la ressource")),
        _T(
            Action.REJECT,
            frozenset({Status.PROPOSED}),
            Status.REJECTED,
            _STAFF,
            _("Refuser la ressource"),
            reason_required=True,
        ),
        _T(Action.WITHDRAW, frozenset({Status.PROPOSED}), Status.WITHDRAWN, _PROPOSER, _("Retirer ma proposition")),
        # A contribution published on its event's page, after the event (solozere.events), enters the centre
        # published: the organiser published it, as the staff publish a proposal; and leaves with it.
        _T(Action.FROM_EVENT, frozenset({NOTHING}), Status.PUBLISHED, _EVENT, _("Publier la contribution")),
        _T(
            Action.EVENT_WITHDRAWN,
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            _EVENT,
            _("Retirer avec la contribution"),
        ),
        _T(
            Action.UNPUBLISH,
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            _STAFF,
            _("Retirer la ressource publiée"),
            reason_required=True,
        ),
    ],
    reason_message=_("Indiquez le motif : il est envoyé à la personne qui a proposé la ressource."),
)
