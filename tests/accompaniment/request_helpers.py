"""What the tests of project requests share: partner profiles built in the test (never the reference loader), the
form's data, the mails sent, and a stand-in for routing.route while it has not reached this branch."""

import html
from collections.abc import Iterable, Sequence
from typing import Any

from django.core import mail
from django.test import Client

from solozere.accompaniment import routing
from solozere.accompaniment.models import PartnerProfile
from solozere.accompaniment.routing import CommuneKind, Coverage, Match, Routing, Where
from solozere.organisations.models import Organisation
from solozere.territory.models import Commune, Zone
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory


def text(response: Any) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ").replace("\u202f", " ")


def sent_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]


def partner(
    name: str,
    topics: Sequence[str],
    *,
    communes: Iterable[Commune] = (),
    agents: Sequence[str] = (),
    contact_email: str = "",
    closed: bool = False,
    receives: bool = True,
) -> Organisation:
    """An organisation with its profile: `topics` over the whole département, or over a zone of `communes`; its
    agents' accounts are made with the given addresses."""
    organisation = OrganisationFactory(name=name, closed=closed)
    profile = PartnerProfile.objects.create(
        organisation=organisation, topics=list(topics), contact_email=contact_email, receives_requests=receives
    )
    communes = list(communes)
    if communes:
        zone = Zone.objects.create(slug=f"zone-{organisation.slug}", name=f"Territoire de {name}")
        zone.communes.set(communes)
        profile.zones.add(zone)
    for email in agents:
        OrganisationAgentFactory(organisation=organisation, user__email=email)
    return organisation


def form_data(**overrides: Any) -> dict[str, Any]:
    """A visitor moving to Saint-Alban-sur-Limagnole, looking for a télécentre and a job for their partner."""
    data: dict[str, Any] = {
        "requester_kind": "newcomer",
        "name": "Camille Martin",
        "email": "camille@example.org",
        "company_name": "",
        "siret": "",
        "commune": "Saint-Alban-sur-Limagnole",
        "topics": ["moving", "workplace", "partner_employment"],
        "description": "Nous arrivons de Lyon au printemps ; je télétravaille trois jours par semaine.",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- A stand-in for routing.route, used only while the routing helper's work is not merged ---------------------------


def _covers(coverage: Coverage, where: Where) -> bool:
    if coverage.communes is None:
        return True
    return where.kind in (CommuneKind.CURRENT, CommuneKind.DELEGATED) and where.current_code in coverage.communes


def stand_in_route(topics: Sequence[str], where: Where, coverages: Iterable[Coverage]) -> Routing:
    """As the real one decides for the cases these tests build: most topics first, then a territory before the
    whole département, then the name."""
    if not topics:
        raise ValueError("Choisissez au moins un sujet pour votre projet.")
    found = []
    for coverage in coverages:
        handled = tuple(topic for topic in topics if topic in coverage.topics)
        if coverage.receives and handled and _covers(coverage, where):
            found.append(((-len(handled), coverage.communes is None, coverage.name), coverage, handled))
    found.sort(key=lambda item: item[0])
    matches = tuple(
        Match(
            organisation_id=coverage.organisation_id,
            name=coverage.name,
            topics=handled,
            reason=f"Traite {', '.join(handled)} : {coverage.territory_label}.",
            lead=index == 0,
        )
        for index, (_key, coverage, handled) in enumerate(found)
    )
    routed = {topic for match in matches for topic in match.topics}
    return Routing(matches=matches, unrouted_topics=tuple(topic for topic in topics if topic not in routed))


def install_stand_in_route(monkeypatch: Any) -> None:
    if not hasattr(routing, "route"):
        monkeypatch.setattr(routing, "route", stand_in_route, raising=False)


def mail_after_each_post(monkeypatch: Any, capture: Any) -> None:
    """Every client.post runs the callbacks its transactions registered on commit (the e-mails), as a real request
    would: a refusal rolled back registers none."""
    original = Client.post

    def post(self: Client, *args: Any, **kwargs: Any) -> Any:
        with capture(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)
