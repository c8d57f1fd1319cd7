"""The membership workflow as an explicit transition table (one core Workflow). Pure: no ORM."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from solozere.core.workflow import NOTHING, Transition, Workflow


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


class Role(models.TextChoices):
    MEMBER = "member", _("la personne qui adhère")
    STAFF = "staff", _("l'équipe du réseau")


_T = Transition
_MEMBER = frozenset({Role.MEMBER})
_STAFF = frozenset({Role.STAFF})
WORKFLOW = Workflow(
    noun=_("l'adhésion"),
    states=dict(MembershipState.choices),
    roles=dict(Role.choices),
    reason_message=_("Indiquez le motif : il est envoyé à la personne."),
    transitions=[
        _T(MembershipAction.SUBMIT, frozenset({NOTHING}), MembershipState.SUBMITTED, _MEMBER, _("Adhérer")),
        _T(
            MembershipAction.RESUBMIT,
            frozenset({MembershipState.INFO_REQUESTED, MembershipState.REFUSED}),
            MembershipState.SUBMITTED,
            _MEMBER,
            _("Renvoyer la demande"),
        ),
        _T(
            MembershipAction.APPROVE,
            frozenset({MembershipState.SUBMITTED}),
            MembershipState.APPROVED,
            _STAFF,
            _("Valider l'adhésion"),
        ),
        _T(
            MembershipAction.REQUEST_INFO,
            frozenset({MembershipState.SUBMITTED}),
            MembershipState.INFO_REQUESTED,
            _STAFF,
            _("Demander un complément"),
            reason_required=True,
        ),
        _T(
            MembershipAction.REFUSE,
            frozenset({MembershipState.SUBMITTED, MembershipState.INFO_REQUESTED}),
            MembershipState.REFUSED,
            _STAFF,
            _("Refuser l'adhésion"),
            reason_required=True,
        ),
        _T(
            MembershipAction.RENEW,
            frozenset({MembershipState.APPROVED}),
            MembershipState.APPROVED,
            _MEMBER,
            _("Renouveler l'adhésion"),
        ),
    ],
)

# What staff may decide from the review page (the choices of its form).
STAFF_DECISIONS = tuple(MembershipAction(t.action) for t in WORKFLOW.transitions if Role.STAFF in t.roles)
