"""Nobody is forgotten: the reminder ladder of the requests nobody has taken, and the requests of an absent agent
given back to their colleagues. Both run from periodic commands (dry run by default) and act exactly once: a
reminder raises the assignment's level, a release clears who had it, both under the row's lock."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.accompaniment.models import AgentAbsence, Assignment, AssignmentLog
from solozere.accompaniment.reminders import Rung, reminder_due
from solozere.accompaniment.selectors_followup import (
    absent_on,
    lead_assignment,
    network_emails,
    waiting_assignments,
)
from solozere.accompaniment.services import inbox_url, recipients_of
from solozere.accompaniment.workflow import (
    ASSIGNMENT_WORKFLOW,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    RequestStatus,
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


def _recipients(assignment: Assignment, rung: Rung, today: dt.date) -> list[str]:
    if rung == Rung.ORGANISATION:
        return recipients_of([assignment.organisation_id], day=today).get(assignment.organisation_id, [])
    if rung == Rung.LEAD:
        lead = lead_assignment(assignment.request)
        organisation = lead.organisation if lead is not None else assignment.organisation
        return recipients_of([organisation.pk], day=today).get(organisation.pk, []) or network_emails()
    return network_emails()


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
    """Every reminder due on `today`, each sent once: in a dry run, only said."""
    ladder = settings.ACCOMPANIMENT_REMINDER_DAYS
    due: list[Reminder] = []
    for assignment in waiting_assignments():
        waited = working_days_between(timezone.localdate(assignment.waiting_since), today)
        step = reminder_due(sent=assignment.reminder_level, waited=waited, days=ladder)
        if step is None:
            continue
        level, rung = step
        reminder = Reminder(assignment, rung, waited, _recipients(assignment, rung, today))
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
                    subject=str(_SUBJECTS[rung])
                    % {
                        "days": waited,
                        "reference": assignment.request.reference,
                        "organisation": assignment.organisation.name,
                    },
                    template=f"accompaniment/email/reminder_{rung}.txt",
                    context={"assignment": assignment, "waited": waited, "url": inbox_url(assignment)},
                )
        due.append(reminder)
    return due


@dataclass(frozen=True)
class Release:
    assignment: Assignment
    absence: AgentAbsence
    to: list[str]


def _absent_agents_work(today: dt.date) -> list[tuple[Assignment, AgentAbsence]]:
    absences = {absence.user_id: absence for absence in absent_on(today).select_related("user").order_by("ends_on")}
    if not absences:
        return []
    working = (
        Assignment.objects.filter(
            status__in=(AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS),
            request__status=RequestStatus.OPEN,
            taken_by__in=list(absences),
        )
        .select_related("request", "organisation", "organisation__accompaniment_profile", "taken_by")
        .order_by("pk")
    )
    return [(assignment, absences[assignment.taken_by_id]) for assignment in working if assignment.taken_by_id]


def reroute_absent_agents(*, today: dt.date, wet_run: bool) -> list[Release]:
    """Give the requests of an agent away today back to their organisation: their colleagues who are present are
    told (staff, when nobody is), and the reminder ladder starts again."""
    released = []
    for assignment, absence in _absent_agents_work(today):
        to = (
            recipients_of([assignment.organisation_id], day=today).get(assignment.organisation_id, [])
            or network_emails()
        )
        release = Release(assignment, absence, to)
        if wet_run:
            with transaction.atomic():
                locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
                if locked.taken_by_id != absence.user_id or locked.status not in (
                    AssignmentStatus.TAKEN,
                    AssignmentStatus.IN_PROGRESS,
                ):
                    continue
                absent = absence.user
                locked.taken_by = None
                locked.taken_at = None
                locked.waiting_since = timezone.now()
                locked.reminder_level = 0
                apply_transition(
                    workflow=ASSIGNMENT_WORKFLOW,
                    obj=locked,
                    action=AssignmentAction.RELEASE,
                    role=AssignmentRole.SYSTEM,
                    actor=None,
                    reason=_("%(agent)s est absent(e) jusqu'au %(until)s.")
                    % {"agent": absent.get_full_name() or absent.email, "until": absence.ends_on.strftime("%d/%m/%Y")},
                    log_model=AssignmentLog,
                    save_fields=["taken_by", "taken_at", "waiting_since", "reminder_level"],
                    assignment=locked,
                )
                notify(
                    to=to,
                    subject=_("Une demande est à reprendre : %(agent)s est absent(e) (%(reference)s)")
                    % {"agent": absent.get_full_name() or absent.email, "reference": locked.request.reference},
                    template="accompaniment/email/released.txt",
                    context={"assignment": locked, "absence": absence, "agent": absent, "url": inbox_url(locked)},
                )
        released.append(release)
    return released
