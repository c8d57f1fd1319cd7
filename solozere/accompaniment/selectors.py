"""Reading accompaniment: the routing's inputs from the partner profiles, a request's place, the inbox of an agent."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from solozere.accompaniment.models import Assignment, AssignmentLog, Message, PartnerProfile, ProjectRequest
from solozere.accompaniment.routing import CommuneKind, Coverage, Where
from solozere.accompaniment.workflow import ACTIVE_ASSIGNMENT_STATES, LIVE_REQUEST_STATES, AssignmentStatus
from solozere.organisations.models import OrganisationStatus
from solozere.organisations.selectors import organisations_of_agent
from solozere.territory.models import Commune, Zone


def coverages() -> list[Coverage]:
    """Every partner profile as routing reads it (two queries, whatever the number of profiles and zones)."""
    profiles = PartnerProfile.objects.select_related("organisation").prefetch_related(
        Prefetch(
            "zones", queryset=Zone.objects.prefetch_related(Prefetch("communes", Commune.objects.only("insee_code")))
        )
    )
    result = []
    for profile in profiles:
        zones = list(profile.zones.all())
        communes = frozenset(c.insee_code for zone in zones for c in zone.communes.all()) if zones else None
        label = ", ".join(zone.name for zone in zones) if zones else _("toute la Lozère")
        result.append(
            Coverage(
                organisation_id=profile.organisation_id,
                name=profile.organisation.name,
                topics=frozenset(profile.topics),
                communes=communes,
                territory_label=label,
                receives=profile.receives_requests and profile.organisation.status == OrganisationStatus.ACTIVE,
            )
        )
    return result


def where_of(request: ProjectRequest) -> Where:
    """The request's place as routing reads it: the commune chosen (a commune déléguée such as Javols is routed by
    the current commune it belongs to, Peyre en Aubrac)."""
    commune = request.commune
    if commune is None:
        if request.commune_typed:
            return Where(kind=CommuneKind.UNKNOWN, name=request.commune_typed)
        return Where(kind=CommuneKind.NOT_CHOSEN)
    current = commune.current
    kind = CommuneKind.CURRENT if commune.kind == Commune.Kind.CURRENT else CommuneKind.DELEGATED
    return Where(kind=kind, name=commune.name, current_code=current.insee_code, current_name=current.name)


def inbox(user: Any) -> QuerySet[Assignment]:
    """The assignments of the organisations `user` acts for, newest first."""
    return (
        Assignment.objects.filter(organisation__in=organisations_of_agent(user))
        .select_related("request__commune__parent", "organisation", "taken_by")
        .order_by("-created_at", "-pk")
    )


def inbox_counts(user: Any, groups: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """How many of `user`'s assignments are in each group of states, in one query."""
    counts = inbox(user).aggregate(**{key: Count("pk", filter=Q(status__in=states)) for key, states in groups.items()})
    return {key: counts[key] or 0 for key in groups}


def inbox_part(user: Any, reference: str) -> Assignment | None:
    """`user`'s organisations' part of the request `reference`: its active part if it has one (a request handed
    back to it after an earlier part ended), else its latest ended one; None when it never had the request."""
    parts = list(inbox(user).filter(request__reference=reference))
    active = [part for part in parts if part.status in ACTIVE_ASSIGNMENT_STATES]
    return (active or parts)[0] if parts else None


@dataclass(frozen=True)
class PartView:
    """A request as one organisation's part of it sees it."""

    parts: QuerySet[Assignment]
    thread: QuerySet[Message]
    log: QuerySet[AssignmentLog]
    ended_at: datetime | None  # when the part ended; None while it is active
    request_is_live: bool


def request_seen_by(part: Assignment) -> PartView:
    """The request of `part` as its organisation sees it. While the part is active: every organisation on it, the
    whole thread and log. Once it has ended (handed over, declined, done): the request as it was then, with what the
    organisation wrote itself and whom it handed the request to: what was said after is between the person and the
    organisations that still have it."""
    project = part.request
    parts = project.assignments.select_related("organisation", "taken_by").order_by("-is_lead", "created_at", "pk")
    thread = project.messages.select_related("organisation", "author")
    log = AssignmentLog.objects.filter(assignment__request=project).select_related("actor", "assignment__organisation")
    ended_at = None if part.status in ACTIVE_ASSIGNMENT_STATES else part.ended_at
    if ended_at is not None:
        parts = parts.filter(Q(created_at__lte=ended_at) | Q(handed_over_from=part))
        thread = thread.filter(Q(created_at__lte=ended_at) | Q(organisation=part.organisation_id))
        log = log.filter(Q(created_at__lte=ended_at) | Q(assignment=part))
    return PartView(parts, thread, log, ended_at, project.status in LIVE_REQUEST_STATES)


# --- The person's side: their request by its private link -----------------------------------------------------------

# The organisations shown to the person as having their request: those working on it, and those that finished.
SHOWN_ASSIGNMENT_STATES = (*ACTIVE_ASSIGNMENT_STATES, AssignmentStatus.DONE)


def request_by_token(token: str) -> ProjectRequest:
    """The request a private link names; ProjectRequest.DoesNotExist otherwise (a token is never guessed: 256 bits)."""
    if not token or len(token) > 64:
        raise ProjectRequest.DoesNotExist
    return ProjectRequest.objects.select_related("commune__parent").get(token=token)


def followed_by(request: ProjectRequest) -> list[Assignment]:
    """The organisations that have the request, as the person sees them: the lead first."""
    return list(
        request.assignments.filter(status__in=SHOWN_ASSIGNMENT_STATES)
        .select_related("organisation")
        .order_by("-is_lead", "created_at", "pk")
    )


def conversation(request: ProjectRequest) -> list[Message]:
    """What was said in the request that the person may read: everything but the organisations' internal notes."""
    return list(request.messages.filter(internal=False).select_related("organisation").order_by("created_at", "pk"))
