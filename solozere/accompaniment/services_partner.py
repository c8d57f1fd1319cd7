"""What an agent does with their organisation's part of a request: take it, mark it in progress, answer the person,
finish it with an outcome, say it is not for them (back to routing), hand it over to another organisation. Each step
is one transition of ASSIGNMENT_WORKFLOW (and of REQUEST_WORKFLOW when the request's state follows), under the
assignment's lock."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment.models import Assignment, AssignmentLog
from solozere.accompaniment.workflow import ASSIGNMENT_WORKFLOW, AssignmentAction, AssignmentRole, AssignmentStatus
from solozere.core.workflow import TransitionNotAllowed
from solozere.core.workflow_log import apply_transition
from solozere.organisations.selectors import organisations_of_agent


class NotYourOrganisation(TransitionNotAllowed):
    pass


def _role(actor: Any, assignment: Assignment) -> str:
    if organisations_of_agent(actor).filter(pk=assignment.organisation_id).exists():
        return AssignmentRole.AGENT
    raise NotYourOrganisation(_("Cette demande n'est pas celle de votre structure."))


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("request", "organisation").get(pk=assignment.pk)


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
        locked = _locked(assignment)
        role = _role(actor, locked)
        _transition(locked, AssignmentAction.TAKE, role, actor, taken_by=actor, taken_at=timezone.now())
    return locked


def assignment_start(*, actor: Any, assignment: Assignment) -> Assignment:
    """In progress: the agent has begun working on it (taken first if nobody had)."""
    with transaction.atomic():
        locked = _locked(assignment)
        role = _role(actor, locked)
        if locked.status == AssignmentStatus.NEW:
            _transition(locked, AssignmentAction.TAKE, role, actor, taken_by=actor, taken_at=timezone.now())
        _transition(locked, AssignmentAction.START, role, actor)
    return locked
