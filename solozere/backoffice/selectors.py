"""The staff's queues, counted for the dashboard: one aggregate query per app, however long the queues."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from solozere.accompaniment.models import ProjectRequest
from solozere.accompaniment.selectors_followup import TO_ROUTE, UNANSWERED
from solozere.aids.models import AidApplication, RepresentationClaim
from solozere.aids.workflow import ClaimStatus, Status
from solozere.charter.models import PlaceMembership
from solozere.charter.workflow import LABEL_STATES, MembershipStatus
from solozere.community.models import Membership, Report
from solozere.community.workflow import MembershipState
from solozere.places.models import CorrectionStatus, PlaceCorrection
from solozere.resources.models import LibraryItem
from solozere.resources.workflow import Status as ResourceStatus


@dataclass(frozen=True)
class Queue:
    label: Promise
    count: int
    url: str


@dataclass(frozen=True)
class QueueGroup:
    title: Promise
    queues: list[Queue]


def _url(name: str, **query: str) -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def staff_queues() -> list[QueueGroup]:
    """Every queue the network staff work through, with its count and the link to it."""
    community = Membership.objects.aggregate(
        submitted=Count("pk", filter=Q(state=MembershipState.SUBMITTED)),
        info_requested=Count("pk", filter=Q(state=MembershipState.INFO_REQUESTED)),
    )
    reports = Report.objects.filter(state=Report.State.OPEN).count()
    charter = PlaceMembership.objects.aggregate(
        submitted=Count("pk", filter=Q(status=MembershipStatus.SUBMITTED)),
        suspended=Count("pk", filter=Q(status=MembershipStatus.SUSPENDED)),
        renewal=Count("pk", filter=Q(status__in=LABEL_STATES, renewal_requested_at__isnull=False)),
    )
    corrections = PlaceCorrection.objects.filter(status=CorrectionStatus.OPEN).count()
    aid_queues = {
        Status.SUBMITTED: _("Demandes d'aide déposées, à prendre en instruction"),
        Status.UNDER_REVIEW: _("Demandes d'aide en instruction"),
        Status.AWAITING_DOCUMENTS: _("Demandes d'aide en attente de pièces"),
        Status.ACCEPTED: _("Aides accordées, à verser"),
    }
    aids = AidApplication.objects.aggregate(
        **{state.value: Count("pk", filter=Q(status=state)) for state in aid_queues}
    )
    claims = RepresentationClaim.objects.filter(status=ClaimStatus.PENDING).count()
    resources = LibraryItem.objects.filter(status=ResourceStatus.PROPOSED).count()
    accompaniment = ProjectRequest.objects.aggregate(
        to_route=Count("pk", filter=TO_ROUTE), unanswered=Count("pk", filter=UNANSWERED)
    )
    return [
        QueueGroup(
            _("Télétravailleurs"),
            [
                Queue(_("Adhésions à examiner"), community["submitted"], _url("community:review_queue")),
                Queue(
                    _("Adhésions en attente d'un complément"),
                    community["info_requested"],
                    _url("community:review_queue"),
                ),
                Queue(_("Signalements à traiter"), reports, _url("community:reports")),
            ],
        ),
        QueueGroup(
            _("Lieux et charte"),
            [
                Queue(
                    _("Adhésions de lieux à examiner"),
                    charter["submitted"],
                    _url("charter:staff_memberships", vue="a-examiner"),
                ),
                Queue(_("Labels suspendus"), charter["suspended"], _url("charter:staff_memberships", vue="suspendus")),
                Queue(
                    _("Labels à renouveler"), charter["renewal"], _url("charter:staff_memberships", vue="a-renouveler")
                ),
                Queue(
                    _("Corrections proposées à traiter"),
                    corrections,
                    _url("places:staff_corrections", etat=CorrectionStatus.OPEN),
                ),
            ],
        ),
        QueueGroup(
            _("Aide au télétravail"),
            [
                *(
                    Queue(label, aids[state.value], _url("aids:staff_queue", status=state.value))
                    for state, label in aid_queues.items()
                ),
                Queue(_("Représentations d'entreprises à vérifier"), claims, _url("aids:staff_claims")),
            ],
        ),
        QueueGroup(
            _("Accompagnement des projets"),
            [
                Queue(_("Demandes à orienter"), accompaniment["to_route"], _url("accompaniment:staff_to_route")),
                Queue(_("Demandes sans réponse"), accompaniment["unanswered"], _url("accompaniment:staff_unanswered")),
            ],
        ),
        QueueGroup(
            _("Centre de ressources"),
            [Queue(_("Ressources à relire"), resources, _url("resources:staff_queue", etat=ResourceStatus.PROPOSED))],
        ),
    ]
