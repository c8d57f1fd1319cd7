from django.core.management import call_command

from solozere.accounts.roles import Role, has_role
from solozere.organisations.models import Organisation, OrganisationStatus
from solozere.organisations.reference import ORGANISATIONS
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory


def test_reference_organisations_load_and_reload_without_duplicates(db):
    call_command("load_organisations")
    call_command("load_organisations")
    assert Organisation.objects.count() == len(ORGANISATIONS)
    mdecs = Organisation.objects.get(slug="mdecs")
    assert mdecs.status == OrganisationStatus.CLOSED
    assert mdecs.closed_in == 2018
    assert "Lozère Développement" in mdecs.history
    assert Organisation.objects.get(slug="safer-occitanie").name_in_2012 == "SAFER Languedoc-Roussillon"


def test_reload_keeps_what_the_staff_added(db):
    call_command("load_organisations")
    Organisation.objects.filter(slug="polen").update(website="https://polen.example")
    call_command("load_organisations")
    assert Organisation.objects.get(slug="polen").website == "https://polen.example"


def test_an_agent_of_an_active_organisation_holds_the_partner_agent_role(db):
    agent = OrganisationAgentFactory().user
    assert has_role(agent, Role.PARTNER_AGENT)
    assert not has_role(UserFactory(), Role.PARTNER_AGENT)


def test_an_agent_of_a_closed_organisation_holds_no_role(db):
    agent = OrganisationAgentFactory(organisation=OrganisationFactory(closed=True)).user
    assert not has_role(agent, Role.PARTNER_AGENT)
