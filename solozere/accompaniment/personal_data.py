"""What accompaniment holds of a person, for the personal-data registry of accounts (registered in
AccompanimentConfig.ready).

- As someone who asked: their project requests (made with the account, or as a visitor with the account's confirmed
  address), with what was said in each, who has it, and their survey answer.
- As a partner agent or staff: the requests they took, the messages they wrote, their absences, the changes of
  state they made.

Before the account goes, its live requests are withdrawn (nobody is e-mailed) and every one of them loses what
names the person and everything written in it: the rows stay, with their topics, commune, states and dates, for the
statistics. An agent's requests in hand go back to their organisation's colleagues, who are told (the release of
services_followup); what they wrote stays, without them (the foreign keys are set to null)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment.models import (
    AgentAbsence,
    Assignment,
    AssignmentLog,
    Message,
    ProjectRequest,
    RequestLog,
    Survey,
    new_token,
)
from solozere.accompaniment.services import withdraw_locked
from solozere.accompaniment.services_followup import WORKING_STATES, assignment_release
from solozere.accompaniment.workflow import LIVE_REQUEST_STATES
from solozere.accounts.personal_data import iso
from solozere.accounts.selectors import has_verified_email

RELATIONS = frozenset(
    {
        ("accompaniment.projectrequest", "user"),
        ("accompaniment.assignment", "taken_by"),
        ("accompaniment.message", "author"),
        ("accompaniment.agentabsence", "user"),
        ("accompaniment.requestlog", "actor"),
        ("accompaniment.assignmentlog", "actor"),
    }
)

# What names the person or was written about them; `request_erase` empties these.
ERASED_FIELDS = [
    "name",
    "email",
    "company_name",
    "siret",
    "commune_typed",
    "description",
    "user",
    "token",
    "purged_at",
    "updated_at",
]


def own(user: Any) -> Q:
    """The requests that are the person's: made with their account, or made as a visitor with the account's address
    once they have confirmed it (an address put on an account and never confirmed opens nobody's request)."""
    mine = Q(user=user)
    if has_verified_email(user):
        mine |= Q(user__isnull=True, email__iexact=user.email)
    return mine


def _request_row(request: ProjectRequest) -> dict[str, Any]:
    survey = getattr(request, "survey", None)
    return {
        "reference": request.reference,
        "status": request.get_status_display(),
        "requester_kind": request.get_requester_kind_display(),
        "name": request.name,
        "email": request.email,
        "company_name": request.company_name,
        "siret": request.siret,
        "commune_typed": request.commune_typed,
        "commune": request.commune.name if request.commune else None,
        "topics": request.topic_labels,
        "description": request.description,
        "consented_at": iso(request.consented_at),
        "submitted_at": iso(request.created_at),
        "confirmed_at": iso(request.confirmed_at),
        "first_answer_at": iso(request.first_answer_at),
        "closed_at": iso(request.closed_at),
        "organisations": [
            {
                "organisation": assignment.organisation.name,
                "lead": assignment.is_lead,
                "status": assignment.get_status_display(),
                "reason": assignment.reason,
                "outcome": assignment.outcome,
            }
            for assignment in request.assignments.all()
        ],
        # Internal notes too (a hand-over's): they are about the person, who has the right to read them here.
        "messages": [
            {
                "from": message.get_sender_display(),
                "organisation": message.organisation.name if message.organisation else None,
                "internal_note": message.internal,
                "body": message.body,
                "sent_at": iso(message.created_at),
            }
            for message in request.messages.all()
        ],
        "survey": {
            "answered": survey.get_answered_display(),
            "useful": survey.useful,
            "comment": survey.comment,
            "answered_at": iso(survey.created_at),
        }
        if survey
        else None,
    }


def accompaniment_personal_data(user: Any) -> dict[str, Any]:
    requests = (
        ProjectRequest.objects.filter(own(user))
        .select_related("commune", "survey")
        .prefetch_related("assignments__organisation", "messages__organisation")
        .order_by("created_at", "pk")
    )
    return {
        "requests": [_request_row(request) for request in requests],
        # As a partner agent or the staff. The requests themselves are someone else's: which one, when, what they
        # did or wrote.
        "requests_taken": [
            {
                "request": row.request.reference,
                "organisation": row.organisation.name,
                "status": row.get_status_display(),
                "taken_at": iso(row.taken_at),
            }
            for row in Assignment.objects.filter(taken_by=user).select_related("request", "organisation").order_by("pk")
        ],
        "messages_written": [
            {
                "request": row.request.reference,
                "organisation": row.organisation.name if row.organisation else None,
                "internal_note": row.internal,
                "body": row.body,
                "sent_at": iso(row.created_at),
            }
            for row in Message.objects.filter(author=user).select_related("request", "organisation").order_by("pk")
        ],
        "absences": [
            {"from": iso(row.starts_on), "to": iso(row.ends_on), "note": row.note}
            for row in AgentAbsence.objects.filter(user=user).order_by("starts_on", "pk")
        ],
        "state_changes_made": [
            *(
                {"request": log.request.reference, "to": log.get_to_state_display(), "date": iso(log.created_at)}
                for log in RequestLog.objects.filter(actor=user).select_related("request").order_by("pk")
            ),
            *(
                {
                    "request": log.assignment.request.reference,
                    "organisation": log.assignment.organisation.name,
                    "to": log.get_to_state_display(),
                    "date": iso(log.created_at),
                }
                for log in AssignmentLog.objects.filter(actor=user)
                .select_related("assignment__request", "assignment__organisation")
                .order_by("pk")
            ),
        ],
    }


def request_erase(request: ProjectRequest, *, now: dt.datetime) -> None:
    """Empty what names the person on the request (the caller saves ERASED_FIELDS); its private link dies. What was
    written in it (messages, survey comment, outcomes, reasons) goes with `erase_what_was_written`."""
    request.name = ""
    request.email = ""
    request.company_name = ""
    request.siret = ""
    request.commune_typed = ""
    request.description = ""
    request.user = None
    request.token = new_token()
    request.purged_at = now
    request.updated_at = now


def erase_what_was_written(request_ids: list[int]) -> None:
    Message.objects.filter(request_id__in=request_ids).update(body="")
    Survey.objects.filter(request_id__in=request_ids).update(comment="")
    Assignment.objects.filter(request_id__in=request_ids).update(outcome="")
    RequestLog.objects.filter(request_id__in=request_ids).update(reason="")
    AssignmentLog.objects.filter(assignment__request_id__in=request_ids).update(reason="")


def _release_taken(user: Any, *, today: dt.date) -> None:
    """An agent leaves: the requests they had in hand go back to their organisation, for a colleague to take (the
    one release of services_followup: the ladder starts again, the colleagues are told)."""
    working = Assignment.objects.filter(taken_by=user, status__in=WORKING_STATES).order_by("pk")
    for assignment in working:
        assignment_release(assignment, reason=_("Le compte de l'agent qui la suivait a été supprimé."), today=today)


@transaction.atomic
def accompaniment_anonymise(*, user: Any, today: dt.date | None = None) -> None:
    """Before the account goes (inside the deletion's transaction)."""
    now = timezone.now()
    requests = list(ProjectRequest.objects.select_for_update().filter(own(user)).order_by("pk"))
    for request in requests:
        if request.status in LIVE_REQUEST_STATES:
            # The person's own withdrawal (services), each part ended now; nobody is e-mailed.
            withdraw_locked(request, actor=None, now=now)
        request_erase(request, now=now)
    ProjectRequest.objects.bulk_update(requests, ERASED_FIELDS, batch_size=500)
    erase_what_was_written([request.pk for request in requests])
    _release_taken(user, today=today or timezone.localdate())
    # Their absences would go with the account (CASCADE): said here so that nobody changes on_delete unaware.
    AgentAbsence.objects.filter(user=user).delete()
