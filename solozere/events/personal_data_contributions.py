"""What contributions and the satisfaction survey hold of a person, for the personal-data registry of accounts
(registered in EventsConfig.ready): the contributions they proposed, their answers to the surveys of the events
they registered for (with their account, or as a visitor with its confirmed address), and the changes of state
they made on contributions.

A deleted account's contributions stay with their content (they were published, or answered, as the event's
record), without the person: the proposer's key is set to null. Survey answers carry no name of their own: they
go with the registration they answer (its own purge)."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.events.models import Contribution, ContributionLog, Registration, SurveyResponse
from solozere.events.selectors_registration import own

RELATIONS = frozenset({("events.contribution", "proposed_by"), ("events.contributionlog", "actor")})


def contributions_personal_data(user: Any) -> dict[str, Any]:
    return {
        "contributions": [
            {
                "event": contribution.event.title,
                "event_starts_at": iso(contribution.event.starts_at),
                "kind": contribution.get_kind_display(),
                "status": contribution.get_status_display(),
                "title": contribution.title,
                "summary": contribution.summary,
                "speaker": contribution.speaker,
                "organisation": contribution.organisation_name,
                "document": contribution.file_name,
                "link": contribution.link,
                "notes": contribution.notes,
                "licence": contribution.licence,
                "decision_reason": contribution.decision_reason,
                "proposed_at": iso(contribution.created_at),
                "published_at": iso(contribution.published_at),
            }
            for contribution in Contribution.objects.filter(proposed_by=user).select_related("event").order_by("pk")
        ],
        "survey_answers": [
            {
                "event": response.event.title,
                "rating": response.rating,
                "useful": response.useful,
                "comment": response.comment,
                "answered_at": iso(response.created_at),
            }
            for response in SurveyResponse.objects.filter(registration__in=Registration.objects.filter(own(user)))
            .select_related("event")
            .order_by("pk")
        ],
        # As an organiser or a contributor: which contribution, what, when; their content is exported above (own)
        # or is someone else's.
        "contribution_changes_made": [
            {"contribution": log.contribution.title, "to": log.get_to_state_display(), "date": iso(log.created_at)}
            for log in ContributionLog.objects.filter(actor=user).select_related("contribution").order_by("pk")
        ],
    }


def contributions_anonymise(*, user: Any, today: Any = None) -> None:
    """Before the account goes: its contributions stay, content kept, without the proposer."""
    Contribution.objects.filter(proposed_by=user).update(proposed_by=None)
