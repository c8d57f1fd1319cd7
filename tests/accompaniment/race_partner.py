"""Data for the partner races, created inside the server's own database by a separate process.

Run as: python -c "import django; django.setup(); from tests.accompaniment.race_partner import seed; seed()"
Prints JSON on stdout. Not a test module."""

import json

from django.utils import timezone

from solozere.accompaniment.models import Assignment, AssignmentLog, ProjectRequest
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES, AssignmentStatus
from tests.accompaniment.factories_partner import AssignmentFactory, PartnerProfileFactory, ProjectRequestFactory
from tests.accounts.factories import UserFactory
from tests.aids.race import _session_for
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

ROUNDS = 3


def _organisation(slug: str, name: str, agents: int) -> tuple[int, list[str]]:
    organisation = OrganisationFactory(slug=slug, name=name)
    PartnerProfileFactory(organisation=organisation, topics=[Topic.WORKPLACE])
    users = [UserFactory(email=f"{slug}{n}@partenaire.example") for n in range(agents)]
    for user in users:
        OrganisationAgentFactory(organisation=organisation, user=user)
    return organisation.pk, [_session_for(user) for user in users]


def seed() -> None:
    """Two agents of "Lozère 100 %", one of each other organisation; for each race its own requests, NEW parts:
    `take` and `take_answer` (one per round, Lozère 100 %'s), `hand_over` (Nord leads, Sud helps; Cible is free),
    `finish_decline` (Nord leads and has taken it, Sud and Est help)."""
    ours, our_sessions = _organisation("lozere", "Lozère 100 %", 2)
    north, north_sessions = _organisation("nord", "Structure du Nord", 1)
    south, south_sessions = _organisation("sud", "Structure du Sud", 1)
    east, _east_sessions = _organisation("est", "Structure de l'Est", 1)
    target, _target_sessions = _organisation("cible", "Structure cible", 1)

    def request_with(*organisations: int, taken_by_lead: bool = False) -> str:
        project_request = ProjectRequestFactory()
        for n, organisation in enumerate(organisations):
            AssignmentFactory(request=project_request, organisation_id=organisation, is_lead=n == 0)
        if taken_by_lead:
            lead = Assignment.objects.get(request=project_request, is_lead=True)
            lead.status = AssignmentStatus.TAKEN
            lead.taken_at = timezone.now()
            lead.save()
        return project_request.reference

    print(
        json.dumps(
            {
                "ours": our_sessions,
                "north": north_sessions[0],
                "south": south_sessions[0],
                "target": target,
                "take": [request_with(ours) for _n in range(ROUNDS)],
                "take_answer": [request_with(ours) for _n in range(ROUNDS)],
                "hand_over": [request_with(north, south) for _n in range(ROUNDS)],
                "finish_decline": [request_with(north, south, east, taken_by_lead=True) for _n in range(ROUNDS)],
            }
        )
    )


def report(references: list[str]) -> None:
    """{reference: its status, its parts (organisation's slug, status, lead, who took it) in the order they were made,
    its number of messages and the actions of its parts' logs}."""
    result = {}
    for reference in references:
        project_request = ProjectRequest.objects.get(reference=reference)
        parts = Assignment.objects.filter(request=project_request).select_related("organisation", "taken_by")
        logs = AssignmentLog.objects.filter(assignment__request=project_request)
        result[reference] = {
            "status": project_request.status,
            "answered": project_request.first_answer_at is not None,
            "parts": [
                {
                    "organisation": part.organisation.slug,
                    "status": part.status,
                    "lead": part.is_lead,
                    "active": part.status in ACTIVE_ASSIGNMENT_STATES,
                    "taken_by": part.taken_by.email if part.taken_by else None,
                }
                for part in parts.order_by("created_at", "pk")
            ],
            "messages": project_request.messages.count(),
            "actions": sorted(logs.values_list("action", flat=True)),
        }
    print(json.dumps(result))
