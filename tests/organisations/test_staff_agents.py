"""The staff's screens of the partner organisations (/equipe/structures/): every role on every page and action
(only the staff get in), adding an agent by their account's confirmed address, removing one, and bad input kept
with a French message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.accounts.roles import Role, has_role
from solozere.core.models import AuditLogEntry
from solozere.organisations.models import Organisation, OrganisationAgent
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory
from tests.roles import ROLES, STAFF_ONLY, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def cci():
    return OrganisationFactory(slug="cci-lozere", name="CCI de la Lozère")


@pytest.fixture
def colleague(cci):
    return OrganisationAgentFactory(organisation=cci, user=UserFactory(email="conseillere@cci.example"))


PAGES = ["/equipe/structures/", "/equipe/structures/cci-lozere/agents/"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PAGES)
def test_every_page_for_every_role(client, as_role, colleague, role, url):
    expect(as_role(role).get(url), STAFF_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_add_an_agent(client, as_role, cci, role):
    newcomer = UserFactory(email="nouvel.agent@cci.example")

    response = as_role(role).post(
        "/equipe/structures/cci-lozere/agents/ajouter/", {"email": "nouvel.agent@cci.example"}
    )

    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    assert OrganisationAgent.objects.filter(organisation=cci, user=newcomer).exists() == (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_remove_an_agent(client, as_role, colleague, role):
    response = as_role(role).post(f"/equipe/structures/cci-lozere/agents/{colleague.pk}/retirer/")

    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    assert OrganisationAgent.objects.filter(pk=colleague.pk).exists() == (role != "staff")


@pytest.mark.parametrize(
    "url", ["/equipe/structures/cci-lozere/agents/ajouter/", "/equipe/structures/cci-lozere/agents/1/retirer/"]
)
def test_actions_refuse_get(client, staff_user, cci, url):
    client.force_login(staff_user)
    assert client.get(url).status_code == 405


def test_the_list_shows_every_organisation_and_its_agents(client, staff_user, colleague):
    OrganisationFactory(slug="mdecs", name="Maison de l'Emploi", closed=True)
    client.force_login(staff_user)

    page = client.get("/equipe/structures/").content.decode()

    assert "CCI de la Lozère" in page
    assert "Maison de l&#x27;Emploi" in page
    assert "N&#x27;existe plus (2018)" in page
    assert 'href="/equipe/structures/cci-lozere/agents/"' in page


def test_the_list_queries_do_not_grow_with_the_organisations(client, staff_user, colleague):
    client.force_login(staff_user)
    client.get("/equipe/structures/")
    with CaptureQueriesContext(connection) as few:
        client.get("/equipe/structures/")
    for n in range(4):
        OrganisationAgentFactory(organisation=OrganisationFactory(slug=f"autre-{n}"))

    with CaptureQueriesContext(connection) as many:
        client.get("/equipe/structures/")

    assert len(many) == len(few)


def test_staff_add_an_agent_who_then_holds_the_role(client, staff_user, cci):
    person = UserFactory(email="Claire.Agent@CCI.example", first_name="Claire", last_name="Agent")
    client.force_login(staff_user)

    response = client.post(
        "/equipe/structures/cci-lozere/agents/ajouter/", {"email": "claire.agent@cci.example"}, follow=True
    )

    page = response.content.decode()
    assert "Claire Agent est agent de CCI de la Lozère." in page
    assert "Claire.Agent@CCI.example" in page
    assert has_role(person, Role.PARTNER_AGENT)
    entry = AuditLogEntry.objects.get(object_id=str(cci.pk), actor=staff_user)
    assert entry.changes == {"agents": [None, "Claire.Agent@CCI.example"]}


def test_staff_remove_an_agent_who_then_loses_the_role(client, staff_user, colleague):
    client.force_login(staff_user)

    response = client.post(f"/equipe/structures/cci-lozere/agents/{colleague.pk}/retirer/", follow=True)

    assert "n&#x27;est plus agent de CCI de la Lozère" in response.content.decode()
    assert not has_role(colleague.user, Role.PARTNER_AGENT)
    assert AuditLogEntry.objects.get(actor=staff_user).changes == {"agents": ["conseillere@cci.example", None]}


def test_an_agent_of_another_organisation_is_not_removed_through_this_one(client, staff_user, colleague):
    OrganisationFactory(slug="polen")
    client.force_login(staff_user)

    response = client.post(f"/equipe/structures/polen/agents/{colleague.pk}/retirer/")

    assert response.status_code == 404
    assert OrganisationAgent.objects.filter(pk=colleague.pk).exists()


def test_an_unknown_organisation_is_a_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/equipe/structures/inconnue/agents/").status_code == 404


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("personne@nulle-part.example", "Aucun compte actif n&#x27;a l&#x27;adresse confirmée"),
        ("pas-une-adresse", "Cette adresse e-mail n&#x27;est pas valide"),
        ("", "Indiquez l&#x27;adresse e-mail du compte de la personne."),
        ("non.confirmee@cci.example", "Aucun compte actif n&#x27;a l&#x27;adresse confirmée"),
        ("conseillere@cci.example", "Cette personne est déjà agent de cette structure."),
        ("x" * 100_000 + "@cci.example", "Cette adresse e-mail n&#x27;est pas valide"),
    ],
)
def test_a_bad_address_gets_a_french_message_and_stays_typed(client, staff_user, colleague, email, message):
    UserFactory(email="non.confirmee@cci.example", unverified=True)
    client.force_login(staff_user)

    response = client.post("/equipe/structures/cci-lozere/agents/ajouter/", {"email": email})

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if email and len(email) < 300:
        assert f'value="{email}"' in page
    assert OrganisationAgent.objects.filter(organisation=colleague.organisation).count() == 1


def test_a_closed_organisation_gets_no_agent(client, staff_user):
    mdecs = OrganisationFactory(slug="mdecs", name="MDECS", closed=True)
    UserFactory(email="ancienne@mdecs.example")
    client.force_login(staff_user)

    page = client.get("/equipe/structures/mdecs/agents/").content.decode()
    response = client.post("/equipe/structures/mdecs/agents/ajouter/", {"email": "ancienne@mdecs.example"})

    assert "Ajouter un agent" not in page
    assert response.status_code == 400
    assert "MDECS n&#x27;existe plus (fermée en 2018)" in response.content.decode()
    assert not Organisation.objects.get(pk=mdecs.pk).agents.exists()
