"""Who is told about a request, and which requests wait: the agents of an organisation who are not away, the staff's
address, the requests nobody has answered."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from solozere.accompaniment.models import AgentAbsence, Assignment, ProjectRequest
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES, AssignmentStatus, RequestStatus
from solozere.organisations.models import OrganisationAgent


def network_emails() -> list[str]:
    """The staff's address for accompaniment (ACCOMPANIMENT_NETWORK_EMAIL, else CONTACT_EMAIL)."""
    return [settings.ACCOMPANIMENT_NETWORK_EMAIL or settings.CONTACT_EMAIL]


def absent_on(day: dt.date) -> QuerySet[AgentAbsence]:
    return AgentAbsence.objects.filter(starts_on__lte=day, ends_on__gte=day)


def absences_to_come(today: dt.date) -> QuerySet[AgentAbsence]:
    """The absences under way or to come, soonest first, each with its agent and the organisations they act for
    (two queries whatever the number of rows)."""
    memberships = OrganisationAgent.objects.select_related("organisation").order_by("organisation__name")
    return (
        AgentAbsence.objects.filter(ends_on__gte=today)
        .select_related("user")
        .prefetch_related(Prefetch("user__organisation_memberships", queryset=memberships))
        .order_by("starts_on", "ends_on", "pk")
    )


def lead_assignment(request: ProjectRequest) -> Assignment | None:
    return (
        request.assignments.filter(is_lead=True, status__in=ACTIVE_ASSIGNMENT_STATES)
        .select_related("organisation")
        .first()
    )


def parts_to_give_back(day: dt.date) -> QuerySet[Assignment]:
    """The parts in an agent's hands (taken or in progress, of an open request) that the agent cannot follow on
    `day`: their account is deactivated, they no longer act for that organisation (no OrganisationAgent row: staff
    removed them), or they are away. Each is annotated with `holder_acts_for_it` and `holder_away_until` (the end of
    their longest absence under way, else None)."""
    acts = OrganisationAgent.objects.filter(
        organisation_id=OuterRef("organisation_id"), user_id=OuterRef("taken_by_id")
    )
    away = absent_on(day).filter(user_id=OuterRef("taken_by_id")).order_by("-ends_on").values("ends_on")[:1]
    return (
        Assignment.objects.filter(
            status__in=(AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS),
            request__status=RequestStatus.OPEN,
            taken_by__isnull=False,
        )
        .annotate(holder_acts_for_it=Exists(acts), holder_away_until=Subquery(away))
        .filter(Q(taken_by__is_active=False) | Q(holder_acts_for_it=False) | Q(holder_away_until__isnull=False))
        .select_related("request", "organisation", "taken_by")
        .order_by("pk")
    )


def waiting_assignments() -> QuerySet[Assignment]:
    """The parts nobody has taken yet, of requests still with the partners: what the reminder ladder reads."""
    return (
        Assignment.objects.filter(status=AssignmentStatus.NEW, request__status=RequestStatus.OPEN)
        .select_related("request", "organisation", "organisation__accompaniment_profile")
        .order_by("waiting_since", "pk")
    )


# The staff's two queues of requests, as conditions (the dashboard counts them in one aggregate query).
UNANSWERED = Q(status__in=(RequestStatus.OPEN, RequestStatus.UNROUTED), first_answer_at__isnull=True)
# Left to staff: nobody covers it at all (unrouted), or open but with topics nobody covers at its commune.
TO_ROUTE = Q(status=RequestStatus.UNROUTED) | (Q(status=RequestStatus.OPEN) & ~Q(unrouted_topics=[]))


def unanswered_requests() -> QuerySet[ProjectRequest]:
    """Requests no organisation has answered yet (no first answer), oldest first, whatever their routing."""
    return ProjectRequest.objects.filter(UNANSWERED).select_related("commune__parent").order_by("created_at", "pk")


def requests_to_route() -> QuerySet[ProjectRequest]:
    """The requests staff route by hand (TO_ROUTE), oldest first."""
    return ProjectRequest.objects.filter(TO_ROUTE).select_related("commune__parent").order_by("created_at", "pk")


def with_holders(requests: QuerySet[ProjectRequest]) -> QuerySet[ProjectRequest]:
    """Each request with `active_assignments` (lead first, with the organisation and who took it): one more query
    whatever the number of rows."""
    return requests.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(status__in=ACTIVE_ASSIGNMENT_STATES)
            .select_related("organisation", "taken_by")
            .order_by("-is_lead", "pk"),
            to_attr="active_assignments",
        )
    )
