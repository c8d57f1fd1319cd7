"""The signed link in an agent's e-mail: it lets that agent answer that request without signing in, for a while
(ACCOMPANIMENT_ANSWER_LINK_DAYS), the way dora's e-mails let a structure act. Signed with the site's secret
(django.core.signing, its own salt): a link altered by one character, or past its age, is refused; so is a link of an
agent who no longer acts for the organisation, or for a part that is no longer theirs to answer."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.translation import gettext as _

from solozere.accompaniment.models import Assignment
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES
from solozere.organisations.models import OrganisationAgent, OrganisationStatus

SALT = "solozere.accompaniment.answer-link"


class AnswerLinkRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AnswerLink:
    assignment: Assignment
    agent: Any


def max_age_seconds() -> int:
    return int(settings.ACCOMPANIMENT_ANSWER_LINK_DAYS) * 24 * 3600


def answer_token(*, assignment: Assignment, agent_id: int) -> str:
    return signing.dumps({"a": assignment.pk, "u": agent_id}, salt=SALT, compress=False)


def read_answer_token(token: str) -> AnswerLink:
    """The assignment and agent of a link, or AnswerLinkRefused with the French reason."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired:
        raise AnswerLinkRefused(
            _(
                "Ce lien de réponse a expiré (il était valable %(days)s jours) : connectez-vous pour répondre depuis "
                "la boîte de votre structure."
            )
            % {"days": settings.ACCOMPANIMENT_ANSWER_LINK_DAYS}
        ) from None
    except signing.BadSignature:
        raise AnswerLinkRefused(
            _("Ce lien de réponse n'est pas valide : il a peut-être été coupé ou modifié.")
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int) or not isinstance(payload.get("u"), int):
        raise AnswerLinkRefused(_("Ce lien de réponse n'est pas valide : il a peut-être été coupé ou modifié."))
    assignment = Assignment.objects.select_related("request", "organisation").filter(pk=payload["a"]).first()
    agent = get_user_model().objects.filter(pk=payload["u"], is_active=True).first()
    if assignment is None or agent is None:
        raise AnswerLinkRefused(_("Ce lien de réponse ne mène plus à rien : la demande ou le compte n'existe plus."))
    acts_for = OrganisationAgent.objects.filter(
        user=agent, organisation=assignment.organisation, organisation__status=OrganisationStatus.ACTIVE
    ).exists()
    if not acts_for:
        raise AnswerLinkRefused(_("Vous n'agissez plus pour cette structure : ce lien ne vaut plus."))
    if assignment.status not in ACTIVE_ASSIGNMENT_STATES:
        raise AnswerLinkRefused(
            _("Votre structure n'a plus cette demande (%(status)s) : ce lien ne vaut plus.")
            % {"status": assignment.get_status_display()}
        )
    return AnswerLink(assignment=assignment, agent=agent)
