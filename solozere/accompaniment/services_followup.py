"""Nobody is forgotten: the reminder ladder of the requests nobody has taken, and the requests of an agent who can
no longer follow them given back to their colleagues. Both run from periodic commands (dry run by default) and act exactly once: a
reminder raises the assignment's level, a release clears who had it, both under the row's lock."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.accompaniment.models import Assignment, AssignmentLog
from solozere.accompaniment.reminders import Rung, reminder_due
from solozere.accompaniment.selectors_followup import (
    lead_assignment,
    network_emails,
    parts_to_give_back,
    waiting_assignments,
)
from solozere.accompaniment.services import addressees_of, inbox_url, nobody_there, recipients_of, staff_url
from solozere.accompaniment.workflow import (
    ASSIGNMENT_WORKFLOW,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
)
from solozere.core.dates import working_days_between
from solozere.core.mail import notify
from solozere.core.workflow_log import apply_transition


@dataclass(frozen=True)
class Reminder:
    assignment: Assignment
    rung: Rung
    waited: int  # working days
    to: list[str]
    stand_in: str = ""  # why staff get a rung meant for an organisation ("" when they do not)

    @property
    def to_staff(self) -> bool:
        return self.rung == Rung.STAFF or bool(self.stand_in)


def _addressing(assignment: Assignment, rung: Rung, today: dt.date) -> tuple[list[str], str]:
    """Who gets the rung, and why staff do in an organisation's stead (else ""): an organisation with nobody to
    receive it (no agent present, no contact address), or a lead rung with no other lead to remind (the part
    waiting is the lead's own: the organisation would be reminded twice)."""
    if rung == Rung.STAFF:
        return network_emails(), ""
    if rung == Rung.ORGANISATION:
        organisation = assignment.organisation
    else:
        lead = lead_assignment(assignment.request)
        if lead is None:
            return network_emails(), _(
                "Cette demande n'a pas de chef de file en activité : la relance du chef de file revient à l'équipe du "
                "réseau."
            )
        if lead.organisation_id == assignment.organisation_id:
            return network_emails(), _(
                "%(organisation)s est elle-même chef de file de cette demande : la relance du chef de file revient à "
                "l'équipe du réseau."
            ) % {"organisation": assignment.organisation.name}
        organisation = lead.organisation
    to = recipients_of([organisation.pk], day=today).get(organisation.pk, [])
    return (to, "") if to else (network_emails(), nobody_there(organisation))


_SUBJECTS = {
    Rung.ORGANISATION: gettext_lazy(
        "Relance : une demande d'accompagnement attend depuis %(days)s jours ouvrés (%(reference)s)"
    ),
    Rung.LEAD: gettext_lazy(
        "Relance du chef de file : une demande attend depuis %(days)s jours ouvrés (%(reference)s)"
    ),
    Rung.STAFF: gettext_lazy(
        "Demande oubliée : %(organisation)s ne l'a pas prise depuis %(days)s jours ouvrés (%(reference)s)"
    ),
}


def send_reminders(*, today: dt.date, wet_run: bool) -> list[Reminder]:
    """Every reminder due on `today`, each sent once: in a dry run, only said. A rung an organisation has nobody to
    receive goes to staff (_addressing): a reminder always reaches someone before it claims its level."""
    ladder = settings.ACCOMPANIMENT_REMINDER_DAYS
    due: list[Reminder] = []
    for assignment in waiting_assignments():
        waited = working_days_between(timezone.localdate(assignment.waiting_since), today)
        step = reminder_due(sent=assignment.reminder_level, waited=waited, days=ladder)
        if step is None:
            continue
        level, rung = step
        to, stand_in = _addressing(assignment, rung, today)
        reminder = Reminder(assignment, rung, waited, to, stand_in)
        if wet_run:
            with transaction.atomic():
                # Claim the level first: a second run at the same time, or the next day's, finds it raised.
                claimed = Assignment.objects.filter(
                    pk=assignment.pk,
                    status=AssignmentStatus.NEW,
                    reminder_level=assignment.reminder_level,
                    waiting_since=assignment.waiting_since,
                ).update(reminder_level=level, reminded_at=timezone.now())
                if not claimed:
                    continue
                notify(
                    to=reminder.to,
                    subject=str(_SUBJECTS[Rung.STAFF if reminder.to_staff else rung])
                    % {
                        "days": waited,
                        "reference": assignment.request.reference,
                        "organisation": assignment.organisation.name,
                    },
                    template=f"accompaniment/email/reminder_{Rung.STAFF if reminder.to_staff else rung}.txt",
                    context={
                        "assignment": assignment,
                        "waited": waited,
                        "stand_in": stand_in,
                        "url": staff_url(assignment.request) if reminder.to_staff else inbox_url(assignment),
                    },
                )
        due.append(reminder)
    return due


# --- Giving a part back to its organisation -------------------------------------------------------------------------

WORKING_STATES = (AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS)


def _moment(today: dt.date) -> dt.datetime:
    """Now; or, when a command replays another day (--today), that day's first moment: the ladder counts from it."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(dt.datetime.combine(today, dt.time()))


def release_addressees(assignment: Assignment, *, today: dt.date) -> tuple[list[str], str]:
    """Who is told that the part is back with its organisation: the organisation's addresses on `today` but the
    agent who had it; with nobody there, staff, and why (else "")."""
    holder = assignment.taken_by_id
    pairs = addressees_of([assignment.organisation_id], day=today).get(assignment.organisation_id, [])
    to = [email for email, account in pairs if account is None or account != holder]
    if to:
        return to, ""
    return network_emails(), nobody_there(assignment.organisation)


def assignment_release(assignment: Assignment, *, reason: str, today: dt.date, told: str = "") -> list[str] | None:
    """Give back to its organisation the part an agent had in hand (taken or in progress): nobody has it any more,
    the reminder ladder starts again from `today`, and the colleagues who receive the organisation's requests are
    told (staff when nobody does, release_addressees). `reason` goes into the log and names nobody (an account's
    deletion only clears the foreign keys); `told` is what the e-mail says of why (it may name the agent; the
    reason by default).

    Under the row's lock: returns the addresses told, or None when the part is no longer in the hands it was in
    when read (taken back, finished, released by another run)."""
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("request", "organisation")
            .get(pk=assignment.pk)
        )
        if locked.taken_by_id is None or locked.taken_by_id != assignment.taken_by_id:
            return None
        if locked.status not in WORKING_STATES:
            return None
        to, stand_in = release_addressees(locked, today=today)
        locked.taken_by = None
        locked.taken_at = None
        locked.waiting_since = _moment(today)
        locked.reminder_level = 0
        apply_transition(
            workflow=ASSIGNMENT_WORKFLOW,
            obj=locked,
            action=AssignmentAction.RELEASE,
            role=AssignmentRole.SYSTEM,
            actor=None,
            reason=reason,
            log_model=AssignmentLog,
            save_fields=["taken_by", "taken_at", "waiting_since", "reminder_level"],
            assignment=locked,
        )
        reference = locked.request.reference
        notify(
            to=to,
            subject=_("Une demande de %(organisation)s est à reprendre : personne pour la recevoir (%(reference)s)")
            % {"organisation": locked.organisation.name, "reference": reference}
            if stand_in
            else _("Une demande est à reprendre dans votre structure (%(reference)s)") % {"reference": reference},
            template="accompaniment/email/released.txt",
            context={
                "assignment": locked,
                "told": told or reason,
                "stand_in": stand_in,
                "url": staff_url(locked.request) if stand_in else inbox_url(locked),
            },
        )
    return to


@dataclass(frozen=True)
class Release:
    assignment: Assignment
    agent: Any  # who had it
    reason: str
    to: list[str]


def _why(assignment: Assignment) -> tuple[str, str]:
    """Why the agent gives the part back, as (the log's reason, which names nobody; what their colleagues read)."""
    holder: Any = assignment.taken_by  # never None: parts_to_give_back reads only parts in someone's hands
    name = holder.get_full_name() or holder.email
    if not holder.is_active:
        return (
            _("Le compte de l'agent qui la suivait est désactivé."),
            _("Le compte de %(agent)s, qui la suivait, est désactivé.") % {"agent": name},
        )
    if not getattr(assignment, "holder_acts_for_it", True):
        return (
            _("L'agent qui la suivait ne fait plus partie de la structure."),
            _("%(agent)s, qui la suivait, ne fait plus partie de la structure.") % {"agent": name},
        )
    until: dt.date = getattr(assignment, "holder_away_until", None) or dt.date.max
    # The log outlives the account (its deletion only clears the foreign keys): it names nobody.
    return (
        _("L'agent qui la suivait est absent jusqu'au %(until)s.") % {"until": until.strftime("%d/%m/%Y")},
        _("%(agent)s, qui la suivait, est absent(e) jusqu'au %(until)s.")
        % {"agent": name, "until": date_format(until, "j F Y")},
    )


def reroute_absent_agents(*, today: dt.date, wet_run: bool) -> list[Release]:
    """Give back to their organisation (assignment_release) the parts of the agents who cannot follow them today:
    away, removed from the organisation, or whose account is deactivated. Their colleagues who are present are
    told (staff, when nobody is), and the reminder ladder starts again."""
    released = []
    for assignment in parts_to_give_back(today):
        reason, told = _why(assignment)
        if wet_run:
            to = assignment_release(assignment, reason=reason, today=today, told=told)
            if to is None:
                continue
        else:
            to, _stand_in = release_addressees(assignment, today=today)
        released.append(Release(assignment, assignment.taken_by, reason, to))
    return released
