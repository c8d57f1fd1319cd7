"""What an agent does with their organisation's part of a request: take it, mark it in progress, answer the person,
finish it with an outcome, say it is not for them (back to routing), hand it over to another organisation. Each step
is one transition of ASSIGNMENT_WORKFLOW (and of REQUEST_WORKFLOW when the request's state follows), under the
locks of the request and of the assignment (_lock_both)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment import services
from solozere.accompaniment.models import (
    MAX_DESCRIPTION,
    Assignment,
    AssignmentLog,
    Message,
    MessageSender,
    ProjectRequest,
)
from solozere.accompaniment.workflow import (
    ACTIVE_ASSIGNMENT_STATES,
    ASSIGNMENT_WORKFLOW,
    AssignmentAction,
    AssignmentRole,
    AssignmentStatus,
    RequestAction,
    RequestRole,
)
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.organisations.models import Organisation
from solozere.organisations.selectors import organisations_of_agent


class NotYourOrganisation(TransitionNotAllowed):
    pass


def _role(actor: Any, assignment: Assignment) -> str:
    if organisations_of_agent(actor).filter(pk=assignment.organisation_id).exists():
        return AssignmentRole.AGENT
    raise NotYourOrganisation(_("Cette demande n'est pas celle de votre structure."))


def _lock_both(assignment: Assignment) -> tuple[ProjectRequest, Assignment]:
    """Lock the request, then the assignment: every service here takes them in that order, so that two agents acting
    on the same request queue instead of deadlocking on PostgreSQL. `of=("self",)`: the assignment's row only, not
    its organisation's, which every request of that organisation shares (select_for_update is a no-op on SQLite,
    where the IMMEDIATE transactions of the settings serialise the writers)."""
    project_request = services.lock_request(assignment.request)
    locked = Assignment.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=assignment.pk)
    locked.request = project_request
    return project_request, locked


def _transition(assignment: Assignment, action: str, role: str, actor: Any, reason: str = "", **save: Any) -> None:
    for name, value in save.items():
        setattr(assignment, name, value)
    apply_transition(
        workflow=ASSIGNMENT_WORKFLOW,
        obj=assignment,
        action=action,
        role=role,
        actor=actor,
        reason=reason,
        log_model=AssignmentLog,
        save_fields=list(save),
        assignment=assignment,
    )


def assignment_take(*, actor: Any, assignment: Assignment) -> Assignment:
    """The agent takes their organisation's part: they follow it from now on."""
    with transaction.atomic():
        _project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        _transition(locked, AssignmentAction.TAKE, role, actor, taken_by=actor, taken_at=timezone.now())
    return locked


def assignment_start(*, actor: Any, assignment: Assignment) -> Assignment:
    """In progress: the agent has begun working on it (taken first if nobody had)."""
    with transaction.atomic():
        _project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        if locked.status == AssignmentStatus.NEW:
            _transition(locked, AssignmentAction.TAKE, role, actor, taken_by=actor, taken_at=timezone.now())
        _transition(locked, AssignmentAction.START, role, actor)
    return locked


# --- Answering, finishing, declining, handing over ----------------------------------------------------------------


def _text(value: str, *, empty: str, name: str) -> str:
    value = value.strip()
    if not value:
        raise TransitionNotAllowed(empty)
    if len(value) > MAX_DESCRIPTION:
        raise TransitionNotAllowed(
            _("%(name)s est trop long : %(limit)s caractères au plus.") % {"name": name, "limit": MAX_DESCRIPTION}
        )
    return value


def assignment_answer(*, actor: Any, assignment: Assignment, body: str) -> Message:
    """The agent writes to the person, for their organisation (taking the part if nobody had): e-mailed to the
    person with their private link. The first answer of any organisation dates the request's first answer."""
    body = _text(body, empty=_("Écrivez votre réponse."), name=_("Votre réponse"))
    with transaction.atomic():
        project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        if locked.status not in ACTIVE_ASSIGNMENT_STATES:
            raise TransitionNotAllowed(
                _("Votre structure n'a plus cette demande (%(status)s) : vous ne pouvez plus y répondre.")
                % {"status": locked.get_status_display()}
            )
        if locked.status == AssignmentStatus.NEW:
            _transition(locked, AssignmentAction.TAKE, role, actor, taken_by=actor, taken_at=timezone.now())
        message = Message.objects.create(
            request=project_request,
            sender=MessageSender.AGENT,
            author=actor,
            organisation=locked.organisation,
            body=body,
        )
        if project_request.first_answer_at is None:
            project_request.first_answer_at = message.created_at
            project_request.save(update_fields=["first_answer_at", "updated_at"])
        # The subject in one step, then escaped: tell_person %-formats it again (with the reference), and a name such
        # as "100 % Lozère" must not be read as a format.
        subject = _("%(organisation)s vous répond (demande %(reference)s)") % {
            "organisation": locked.organisation.name,
            "reference": project_request.reference,
        }
        services.tell_person(
            project_request,
            subject=subject.replace("%", "%%"),
            template="accompaniment/email/partner_answer.txt",
            message=message,
            organisation=locked.organisation,
        )
    return message


def _next_lead(project_request: ProjectRequest) -> Assignment | None:
    """When the lead's part ends and others go on, the oldest of them leads the follow-up from now on."""
    active = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(request=project_request, status__in=ACTIVE_ASSIGNMENT_STATES)
        .order_by("created_at", "pk")
    )
    if not active or any(part.is_lead for part in active):
        return None
    heir = active[0]
    heir.is_lead = True
    heir.save(update_fields=["is_lead", "updated_at"])
    return heir


def _after_an_end(project_request: ProjectRequest, actor: Any, now: Any) -> None:
    """After a part ended: pass the lead on; with no part left, close the request if someone finished it, else
    route it again without the organisations that already had it (to staff when nobody else covers it)."""
    heir = _next_lead(project_request)
    if heir is not None:
        services.tell_organisations(
            project_request,
            [heir],
            subject=_("Demande %(reference)s : votre structure en est désormais chef de file"),
            template="accompaniment/email/assignment_lead.txt",
            staff_if_nobody=True,
        )
    parts = list(project_request.assignments.all())
    if any(part.status in ACTIVE_ASSIGNMENT_STATES for part in parts):
        return
    if any(part.status == AssignmentStatus.DONE for part in parts):
        project_request.closed_at = now
        services.request_transition(
            project_request, action=RequestAction.CLOSE, role=RequestRole.AGENT, actor=actor, save_fields=["closed_at"]
        )
        services.tell_person(
            project_request,
            subject=_("Votre demande d'accompagnement %(reference)s est terminée"),
            template="accompaniment/email/request_closed.txt",
        )
        return
    services.reroute(project_request, exclude={part.organisation_id for part in parts}, actor=actor, now=now)


def assignment_finish(*, actor: Any, assignment: Assignment, outcome: str) -> Assignment:
    """Done, with an outcome said to the organisations and staff (not to the person: they have the answers)."""
    outcome = _text(outcome, empty=_("Dites ce qui a été fait : le résultat est demandé."), name=_("Le résultat"))
    now = timezone.now()
    with transaction.atomic():
        project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        _transition(locked, AssignmentAction.FINISH, role, actor, reason=outcome, outcome=outcome, ended_at=now)
        _after_an_end(project_request, actor, now)
    return locked


def assignment_decline(*, actor: Any, assignment: Assignment, reason: str) -> Assignment:
    """Not for us, with the reason: the request goes on with the other organisations, or back to routing."""
    reason = _text(reason, empty=_("Dites pourquoi cette demande n'est pas pour vous."), name=_("Le motif"))
    now = timezone.now()
    with transaction.atomic():
        project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        _transition(locked, AssignmentAction.DECLINE, role, actor, reason=reason, outcome=reason, ended_at=now)
        _after_an_end(project_request, actor, now)
    return locked


def assignment_hand_over(*, actor: Any, assignment: Assignment, to: Organisation, note: str) -> Assignment:
    """Hand the part over to another organisation with a note for it: the new part keeps the lead if this one had
    it; the organisation and the person are told."""
    note = _text(note, empty=_("Écrivez une note pour la structure qui reprend la demande."), name=_("La note"))
    now = timezone.now()
    with transaction.atomic():
        project_request, locked = _lock_both(assignment)
        role = _role(actor, locked)
        if not services.free_organisations(locked.request_id).filter(pk=to.pk).exists():
            raise TransitionNotAllowed(
                _("« %(organisation)s » ne peut pas reprendre cette demande : elle n'en reçoit pas, ou l'a déjà.")
                % {"organisation": to.name}
            )
        was_lead = locked.is_lead
        _transition(
            locked, AssignmentAction.HAND_OVER, role, actor, reason=note, outcome=note, ended_at=now, is_lead=False
        )
        new = Assignment(
            request=project_request,
            organisation=to,
            is_lead=was_lead,
            handed_over_from=locked,
            reason=(_("Transmise par %(organisation)s.") % {"organisation": locked.organisation.name})[:500],
        )
        apply_transition(
            workflow=ASSIGNMENT_WORKFLOW,
            obj=new,
            action=AssignmentAction.ASSIGN,
            role=AssignmentRole.AGENT,
            actor=actor,
            log_model=AssignmentLog,
            assignment=new,
        )
        Message.objects.create(
            request=project_request,
            sender=MessageSender.AGENT,
            author=actor,
            organisation=locked.organisation,
            body=note,
            internal=True,
        )
        services.tell_organisations(
            project_request,
            [new],
            subject=_("Demande d'accompagnement %(reference)s transmise à votre structure"),
            template="accompaniment/email/assignment_handed_over.txt",
            note=note,
            origin=locked.organisation,
            staff_if_nobody=True,
        )
        services.tell_person(
            project_request,
            subject=_("Votre demande %(reference)s est transmise à une autre structure"),
            template="accompaniment/email/request_handed_over.txt",
            origin=locked.organisation,
            target=to,
        )
    return new
