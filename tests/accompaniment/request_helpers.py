"""What the tests of project requests share: partner profiles built in the test (never the reference loader), the
form's data, the mails sent."""

import html
from collections.abc import Iterable, Sequence
from typing import Any

from django.core import mail
from django.test import Client

from solozere.accompaniment.models import PartnerProfile
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


def mail_after_each_post(monkeypatch: Any, capture: Any) -> None:
    """Every client.post runs the callbacks its transactions registered on commit (the e-mails), as a real request
    would: a refusal rolled back registers none."""
    original = Client.post

    def post(self: Client, *args: Any, **kwargs: Any) -> Any:
        with capture(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "post", post)


def delegated_commune(number: int) -> Commune:
    """A commune déléguée with its current commune: printing it reads its parent, which a list must fetch with it."""
    code = f"48{900 + number}"
    parent = Commune.objects.create(insee_code=code, name=f"Commune nouvelle {number}")
    return Commune.objects.create(
        insee_code=code, kind=Commune.Kind.DELEGATED, name=f"Commune déléguée {number}", parent=parent
    )
