"""The workflows of events, registrations and contributions (core Workflows). Pure: no ORM.

Event:        (new) --create--> draft --publish--> published --hold--> held
              draft / published --cancel--> cancelled (with a reason; the registrants are told)
Registration: (new) --request--> pending (a visitor who has not confirmed their e-mail address yet; holds nothing)
              (new) / pending --register--> registered (holds a seat of its site)
              (new) / pending --join_waitlist--> waiting --offer--> offered (holds a seat until the offer lapses)
              offered --accept--> registered        offered --lapse--> lapsed
              pending / registered / waiting / offered --cancel--> cancelled (by the registrant)
              ... --cancel_by_organiser--> cancelled (with a reason)   ... --event_cancelled--> cancelled
Contribution: (new) --propose--> proposed --accept--> accepted --publish--> published --unpublish--> withdrawn
              proposed --decline--> declined (with a reason)     (new) --publish_direct--> published
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow

_T = Transition


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")
    CANCELLED = "cancelled", _("annulé")
    HELD = "held", _("a eu lieu")


class EventAction(models.TextChoices):
    CREATE = "create", _("créé")
    PUBLISH = "publish", _("publié")
    CANCEL = "cancel", _("annulé")
    HOLD = "hold", _("a eu lieu")


class EventRole(models.TextChoices):
    ORGANISER = "organiser", _("l'organisateur")
    SYSTEM = "system", _("la plateforme")


_ORG = frozenset({EventRole.ORGANISER})
EVENT_WORKFLOW = Workflow(
    noun=_("l'événement"),
    states=dict(EventStatus.choices),
    roles=dict(EventRole.choices),
    transitions=[
        _T(EventAction.CREATE, frozenset({NOTHING}), EventStatus.DRAFT, _ORG, _("Créer")),
        _T(EventAction.PUBLISH, frozenset({EventStatus.DRAFT}), EventStatus.PUBLISHED, _ORG, _("Publier")),
        _T(
            EventAction.CANCEL,
            frozenset({EventStatus.DRAFT, EventStatus.PUBLISHED}),
            EventStatus.CANCELLED,
            _ORG,
            _("Annuler l'événement"),
            reason_required=True,
        ),
        _T(
            EventAction.HOLD,
            frozenset({EventStatus.PUBLISHED}),
            EventStatus.HELD,
            frozenset({EventRole.ORGANISER, EventRole.SYSTEM}),
            _("Marquer comme tenu"),
        ),
    ],
    reason_message=_("Indiquez le motif de l'annulation : les inscrits le recevront par e-mail."),
)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("adresse e-mail à confirmer")
    REGISTERED = "registered", _("inscrit")
    WAITING = "waiting", _("sur liste d'attente")
    OFFERED = "offered", _("place proposée")
    LAPSED = "lapsed", _("proposition expirée")
    CANCELLED = "cancelled", _("annulée")


class RegistrationAction(models.TextChoices):
    REQUEST = "request", _("inscription demandée")
    REGISTER = "register", _("inscrit")
    JOIN_WAITLIST = "join_waitlist", _("inscrit sur la liste d'attente")
    OFFER = "offer", _("place proposée")
    ACCEPT = "accept", _("place acceptée")
    LAPSE = "lapse", _("proposition expirée")
    CANCEL = "cancel", _("annulée par la personne")
    CANCEL_BY_ORGANISER = "cancel_by_organiser", _("annulée par l'organisateur")
    EVENT_CANCELLED = "event_cancelled", _("événement annulé")


class RegistrationRole(models.TextChoices):
    REGISTRANT = "registrant", _("la personne inscrite")
    ORGANISER = "organiser", _("l'organisateur")
    SYSTEM = "system", _("la plateforme")


# The states in which a registration is still alive (one per person and event), and those that hold a seat.
LIVE_STATES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)
SEAT_STATES = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)

_PERSON = frozenset({RegistrationRole.REGISTRANT})
_SYS = frozenset({RegistrationRole.SYSTEM})
_NEW = frozenset({NOTHING, RegistrationStatus.PENDING})
_LIVE = frozenset(LIVE_STATES)
REGISTRATION_WORKFLOW = Workflow(
    noun=_("l'inscription"),
    states=dict(RegistrationStatus.choices),
    roles=dict(RegistrationRole.choices),
    transitions=[
        _T(RegistrationAction.REQUEST, frozenset({NOTHING}), RegistrationStatus.PENDING, _PERSON, _("S'inscrire")),
        _T(RegistrationAction.REGISTER, _NEW, RegistrationStatus.REGISTERED, _PERSON, _("S'inscrire")),
        _T(
            RegistrationAction.JOIN_WAITLIST,
            _NEW,
            RegistrationStatus.WAITING,
            _PERSON,
            _("S'inscrire sur la liste d'attente"),
        ),
        _T(
            RegistrationAction.OFFER,
            frozenset({RegistrationStatus.WAITING}),
            RegistrationStatus.OFFERED,
            _SYS,
            _("Proposer la place"),
        ),
        _T(
            RegistrationAction.ACCEPT,
            frozenset({RegistrationStatus.OFFERED}),
            RegistrationStatus.REGISTERED,
            _PERSON,
            _("Accepter la place"),
        ),
        _T(
            RegistrationAction.LAPSE,
            frozenset({RegistrationStatus.OFFERED}),
            RegistrationStatus.LAPSED,
            _SYS,
            _("Laisser expirer"),
        ),
        _T(RegistrationAction.CANCEL, _LIVE, RegistrationStatus.CANCELLED, _PERSON, _("Annuler mon inscription")),
        _T(
            RegistrationAction.CANCEL_BY_ORGANISER,
            _LIVE,
            RegistrationStatus.CANCELLED,
            frozenset({RegistrationRole.ORGANISER}),
            _("Annuler l'inscription"),
            reason_required=True,
        ),
        _T(
            RegistrationAction.EVENT_CANCELLED,
            _LIVE,
            RegistrationStatus.CANCELLED,
            _SYS,
            _("Annuler (événement annulé)"),
        ),
    ],
    reason_message=_("Indiquez le motif : la personne le recevra par e-mail."),
)


class ContributionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposée")
    ACCEPTED = "accepted", _("acceptée")
    DECLINED = "declined", _("déclinée")
    PUBLISHED = "published", _("publiée")
    WITHDRAWN = "withdrawn", _("retirée")


class ContributionAction(models.TextChoices):
    PROPOSE = "propose", _("proposée")
    ACCEPT = "accept", _("acceptée")
    DECLINE = "decline", _("déclinée")
    PUBLISH = "publish", _("publiée")
    PUBLISH_DIRECT = "publish_direct", _("publiée par l'organisateur")
    UNPUBLISH = "unpublish", _("retirée")


class ContributionRole(models.TextChoices):
    CONTRIBUTOR = "contributor", _("la personne qui contribue")
    ORGANISER = "organiser", _("l'organisateur")


_BOTH = frozenset({ContributionRole.CONTRIBUTOR, ContributionRole.ORGANISER})
_ORGANISER = frozenset({ContributionRole.ORGANISER})
CONTRIBUTION_WORKFLOW = Workflow(
    noun=_("la contribution"),
    states=dict(ContributionStatus.choices),
    roles=dict(ContributionRole.choices),
    transitions=[
        _T(
            ContributionAction.PROPOSE,
            frozenset({NOTHING}),
            ContributionStatus.PROPOSED,
            frozenset({ContributionRole.CONTRIBUTOR}),
            _("Proposer"),
        ),
        _T(
            ContributionAction.ACCEPT,
            frozenset({ContributionStatus.PROPOSED}),
            ContributionStatus.ACCEPTED,
            _ORGANISER,
            _("Accepter"),
        ),
        _T(
            ContributionAction.DECLINE,
            frozenset({ContributionStatus.PROPOSED}),
            ContributionStatus.DECLINED,
            _ORGANISER,
            _("Décliner"),
            reason_required=True,
        ),
        _T(
            ContributionAction.PUBLISH,
            frozenset({ContributionStatus.ACCEPTED}),
            ContributionStatus.PUBLISHED,
            _BOTH,
            _("Publier"),
        ),
        _T(
            ContributionAction.PUBLISH_DIRECT,
            frozenset({NOTHING}),
            ContributionStatus.PUBLISHED,
            _ORGANISER,
            _("Publier"),
        ),
        _T(
            ContributionAction.UNPUBLISH,
            frozenset({ContributionStatus.PUBLISHED}),
            ContributionStatus.WITHDRAWN,
            _BOTH,
            _("Retirer"),
        ),
    ],
    reason_message=_("Indiquez le motif : la personne le recevra par e-mail."),
)
