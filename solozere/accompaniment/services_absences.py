"""An agent's absences, declared by the agent or, for them, by the network's staff (an agent off sick cannot say so
themselves). While an absence lasts, reroute_absent_agents gives their requests back to their colleagues and new
requests are not mailed to them (services.addressees_of). Each declaration and withdrawal is in the audit log; an
agent whose absence the staff set or withdrew is told by e-mail."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from solozere.accompaniment.models import AgentAbsence
from solozere.core.audit import log_change
from solozere.core.mail import absolute_url, notify
from solozere.core.models import AuditLogEntry


def _tell_agent(absence: AgentAbsence, *, actor: Any, withdrawn: bool) -> None:
    if actor == absence.user or not absence.user.email:
        return
    notify(
        to=[absence.user.email],
        subject=_("Votre absence est retirée") if withdrawn else _("Votre absence est enregistrée"),
        template="accompaniment/email/absence_by_staff.txt",
        context={
            "absence": absence,
            "withdrawn": withdrawn,
            "url": absolute_url(reverse("accompaniment_partner:absences")),
        },
    )


@transaction.atomic
def absence_declare(*, actor: Any, agent: Any, starts_on: dt.date, ends_on: dt.date, note: str = "") -> AgentAbsence:
    absence = AgentAbsence.objects.create(user=agent, starts_on=starts_on, ends_on=ends_on, note=note.strip())
    log_change(
        actor=actor,
        obj=absence,
        action=AuditLogEntry.Action.CREATE,
        changes={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        message="absence déclarée" if actor == agent else "absence déclarée par l'équipe",
    )
    _tell_agent(absence, actor=actor, withdrawn=False)
    return absence


@transaction.atomic
def absence_withdraw(*, actor: Any, absence: AgentAbsence) -> None:
    log_change(
        actor=actor,
        obj=absence,
        action=AuditLogEntry.Action.DELETE,
        changes={"starts_on": absence.starts_on.isoformat(), "ends_on": absence.ends_on.isoformat()},
        message="absence retirée",
    )
    _tell_agent(absence, actor=actor, withdrawn=True)
    absence.delete()
