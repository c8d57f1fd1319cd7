"""What an organisation sees once its part has ended (the request as it was then, not what was said after), and an
agent's typed answer never lost: the part ended meanwhile, the signed link no longer valid, or the form gone stale."""

import pytest
from django.test import Client
from django.urls import reverse

from solozere.accompaniment.models import Message
from solozere.accompaniment.services import answer_url, request_reply
from solozere.accompaniment.services_partner import assignment_answer, assignment_hand_over
from solozere.accompaniment.topics import Topic
from solozere.organisations.models import Organisation
from tests.accompaniment.factories_partner import AssignmentFactory, PartnerProfileFactory
from tests.accompaniment.request_helpers import text
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(partner_agent):
    organisation = Organisation.objects.get(slug="test")
    PartnerProfileFactory(organisation=organisation, topics=[Topic.WORKPLACE])
    return AssignmentFactory(organisation=organisation, request__email="camille@example.org", is_lead=True)


@pytest.fixture
def target():
    organisation = OrganisationFactory(name="CCI (essai)")
    PartnerProfileFactory(organisation=organisation, topics=[Topic.BUSINESS_CREATION])
    agent = OrganisationAgentFactory(organisation=organisation, user=UserFactory(email="cci@partenaire.example"))
    return agent


def _page(client, assignment):
    return text(client.get(reverse("accompaniment_partner:request", args=[assignment.request.reference])))


def test_after_handing_over_an_organisation_no_longer_reads_what_follows(client, partner_agent, ours, target):
    assignment_answer(actor=partner_agent, assignment=ours, body="Première réponse de notre structure.")
    assignment_hand_over(
        actor=partner_agent, assignment=ours, to=target.organisation, note="Projet de création : à vous."
    )
    theirs = target.organisation.assignments.get()
    assignment_answer(actor=target.user, assignment=theirs, body="La CCI vous propose un rendez-vous.")
    request_reply(project_request=ours.request, body="Merci, je viendrai mardi.")

    client.force_login(partner_agent)
    page = _page(client, ours)
    assert "Première réponse de notre structure." in page and "Projet de création : à vous." in page
    assert "CCI (essai)" in page and "s'est terminée le" in page
    assert "La CCI vous propose un rendez-vous." not in page and "Merci, je viendrai mardi." not in page
    # The organisation that has it reads everything.
    client.force_login(target.user)
    page = _page(client, theirs)
    assert "La CCI vous propose un rendez-vous." in page and "Merci, je viendrai mardi." in page
    assert "Première réponse de notre structure." in page


def test_an_answer_sent_after_the_part_ended_is_shown_back_unsent(client, partner_agent, ours, target):
    client.force_login(partner_agent)
    assignment_hand_over(actor=partner_agent, assignment=ours, to=target.organisation, note="À vous.")
    response = client.post(
        reverse("accompaniment_partner:answer_post", args=[ours.request.reference]),
        {"body": "Ma longue réponse tapée avant la transmission."},
    )
    page = text(response)
    assert response.status_code == 400
    assert "n'a pas été envoyée" in page and "Ma longue réponse tapée avant la transmission." in page
    assert not Message.objects.filter(body__startswith="Ma longue réponse").exists()


def test_a_signed_link_refused_on_sending_shows_the_answer_back(client, partner_agent, ours, target):
    url = answer_url(ours, partner_agent.pk).split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    assignment_hand_over(actor=partner_agent, assignment=ours, to=target.organisation, note="À vous.")
    response = client.post(url, {"body": "Réponse écrite depuis l'e-mail."})
    page = text(response)
    assert response.status_code == 403 and "ce lien ne vaut plus" in page
    assert "Réponse écrite depuis l'e-mail." in page


def test_a_stale_answer_form_keeps_what_was_typed(partner_agent, ours):
    stale = Client(enforce_csrf_checks=True)
    stale.force_login(partner_agent)
    response = stale.post(
        reverse("accompaniment_partner:answer_post", args=[ours.request.reference]), {"body": "Texte à garder."}
    )
    page = text(response)
    assert response.status_code == 403 and "Texte à garder." in page
    assert not Message.objects.exists()


@pytest.mark.parametrize("name", ["finish", "decline"])
def test_a_stale_finish_or_decline_form_keeps_what_was_typed(partner_agent, ours, name):
    stale = Client(enforce_csrf_checks=True)
    stale.force_login(partner_agent)
    field = "outcome" if name == "finish" else "reason"
    response = stale.post(
        reverse(f"accompaniment_partner:{name}", args=[ours.request.reference]), {field: "Motif à garder."}
    )
    assert response.status_code == 403 and "Motif à garder." in text(response)
