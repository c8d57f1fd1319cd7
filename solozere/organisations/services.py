from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from solozere.accounts.roles import is_network_staff
from solozere.accounts.selectors import users_with_verified_email
from solozere.core.audit import log_change
from solozere.core.models import AuditLogEntry
from solozere.organisations.models import Organisation, OrganisationAgent, OrganisationStatus
from solozere.organisations.reference import ORGANISATIONS

_FIELDS = ("name", "short_name", "name_in_2012", "history", "handles", "source")


@transaction.atomic
def organisations_load_reference() -> tuple[int, int]:
    """Create or update the reference organisations; (created, updated). Fields the staff add (website, agents)
    are left alone."""
    created = updated = 0
    for row in ORGANISATIONS:
        defaults = {field: row.get(field, "") for field in _FIELDS}
        defaults["status"] = row.get("status", OrganisationStatus.ACTIVE)
        defaults["closed_in"] = row.get("closed_in")
        _, was_created = Organisation.objects.update_or_create(
            slug=row["slug"], defaults={**defaults, "is_reference": True}
        )
        created += was_created
        updated += not was_created
    return created, updated


# --- Agents (the staff's screens, views_staff.py) --------------------------------------------------------------


class ServiceError(Exception):
    """A use case refused, with a French sentence for the person; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _require_staff(actor: Any) -> None:
    if not is_network_staff(actor):
        raise ServiceError(_("Seule l'équipe du réseau désigne les agents des structures partenaires."))


@transaction.atomic
def organisation_agent_add(*, actor: Any, organisation: Organisation, email: str) -> OrganisationAgent:
    """Make the account whose confirmed address is `email` an agent of `organisation` (the partner-agent role: it
    will read requests with personal data, so an address nobody confirmed is not enough)."""
    _require_staff(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.is_active:
        raise ServiceError(
            _("%(name)s n'existe plus (fermée en %(year)s) : elle n'a plus d'agents.")
            % {"name": organisation, "year": organisation.closed_in},
            field="email",
        )
    user = users_with_verified_email(email).first()
    if user is None or not user.is_active:
        raise ServiceError(
            _(
                "Aucun compte actif n'a l'adresse confirmée « %(email)s » : la personne crée d'abord son compte et "
                "confirme son adresse."
            )
            % {"email": email.strip()},
            field="email",
        )
    if OrganisationAgent.objects.filter(organisation=organisation, user=user).exists():
        raise ServiceError(_("Cette personne est déjà agent de cette structure."), field="email")
    agent = OrganisationAgent.objects.create(organisation=organisation, user=user)
    log_change(
        actor=actor,
        obj=organisation,
        action=AuditLogEntry.Action.UPDATE,
        changes={"agents": [None, user.email]},
    )
    return agent


@transaction.atomic
def organisation_agent_remove(*, actor: Any, agent: OrganisationAgent) -> None:
    _require_staff(actor)
    organisation, email = agent.organisation, agent.user.email
    OrganisationAgent.objects.filter(pk=agent.pk).delete()
    log_change(
        actor=actor,
        obj=organisation,
        action=AuditLogEntry.Action.UPDATE,
        changes={"agents": [email, None]},
    )
