"""The workflow of a booking (one core Workflow). Pure: no ORM.

(new) --request--> requested --confirm--> confirmed --complete--> done
(new) --book-----> confirmed               confirmed --mark_no_show--> no_show
requested --refuse--> refused (with a reason)
requested / confirmed --cancel--> cancelled (by the person)  --cancel_by_place--> cancelled (with a reason)
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("en attente de validation")
    CONFIRMED = "confirmed", _("confirmée")
    REFUSED = "refused", _("refusée")
    CANCELLED = "cancelled", _("annulée")
    NO_SHOW = "no_show", _("absence signalée")
    DONE = "done", _("terminée")


class Action(models.TextChoices):
    REQUEST = "request", _("demande envoyée")
    BOOK = "book", _("réservation confirmée d'office")
    CONFIRM = "confirm", _("réservation validée")
    REFUSE = "refuse", _("réservation refusée")
    CANCEL = "cancel", _("annulée par la personne")
    CANCEL_BY_PLACE = "cancel_by_place", _("annulée par le lieu")
    MARK_NO_SHOW = "mark_no_show", _("absence signalée")
    COMPLETE = "complete", _("réservation terminée")


class Role(models.TextChoices):
    MEMBER = "member", _("la personne qui réserve")
    MANAGER = "manager", _("les gestionnaires du lieu")
    SYSTEM = "system", _("la plateforme")


# The states that hold seats.
ACTIVE_STATES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)

_T = Transition
_ACTIVE = frozenset(ACTIVE_STATES)
WORKFLOW = Workflow(
    noun=_("la réservation"),
    states=dict(BookingStatus.choices),
    roles=dict(Role.choices),
    transitions=[
        _T(Action.REQUEST, frozenset({NOTHING}), BookingStatus.REQUESTED, frozenset({Role.MEMBER}), _("Demander")),
        _T(Action.BOOK, frozenset({NOTHING}), BookingStatus.CONFIRMED, frozenset({Role.MEMBER}), _("Réserver")),
        _T(
            Action.CONFIRM,
            frozenset({BookingStatus.REQUESTED}),
            BookingStatus.CONFIRMED,
            frozenset({Role.MANAGER}),
            _("Valider"),
        ),
        _T(
            Action.REFUSE,
            frozenset({BookingStatus.REQUESTED}),
            BookingStatus.REFUSED,
            frozenset({Role.MANAGER}),
            _("Refuser"),
            reason_required=True,
        ),
        _T(Action.CANCEL, _ACTIVE, BookingStatus.CANCELLED, frozenset({Role.MEMBER}), _("Annuler")),
        _T(
            Action.CANCEL_BY_PLACE,
            _ACTIVE,
            BookingStatus.CANCELLED,
            frozenset({Role.MANAGER}),
            _("Annuler pour la personne"),
            reason_required=True,
        ),
        _T(
            Action.MARK_NO_SHOW,
            frozenset({BookingStatus.CONFIRMED}),
            BookingStatus.NO_SHOW,
            frozenset({Role.MANAGER}),
            _("Signaler une absence"),
        ),
        _T(
            Action.COMPLETE,
            frozenset({BookingStatus.CONFIRMED}),
            BookingStatus.DONE,
            frozenset({Role.SYSTEM}),
            _("Terminer"),
        ),
    ],
    reason_message=_("Indiquez le motif : la personne le recevra par e-mail."),
)
