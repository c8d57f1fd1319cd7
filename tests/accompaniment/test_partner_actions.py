"""What an agent does with a request: answer (the person reads it from their private link), finish, decline (back
to routing), hand over (the person told), and answer from the e-mail's signed link without signing in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from solozere.accompaniment.models import Assignment, Message, ProjectRequest
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.organisations.models import Organisation
from tests.accompaniment.factories_partner import AssignmentFactory, PartnerProfileFactory
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(partner_agent):
    organisation = Organisation.objects.get(slug="test")
    PartnerProfileFactory(organisation=organisation, topics=[Topic.WORKPLACE])
    return AssignmentFactory(organisation=organisation, request__email="camille@example.org")


def _post(client, name, assignment, data, follow=True):
    return client.post(
        reverse(f"accompaniment_partner:{name}", args=[assignment.request.reference]), data, follow=follow
    )


def test_an_answer_reaches_the_person_who_reads_it_on_their_private_page(client, partner_agent, ours, on_commit):
    client.force_login(partner_agent)
    with on_commit(execute=True):
        response = _post(client, "answer_post", ours, {"body": "Le télécentre de Saint-Alban vous attend lundi."})
    assert "Votre réponse est envoyée" in response.text
    ours.refresh_from_db()
    assert (ours.status, ours.taken_by) == (AssignmentStatus.TAKEN, partner_agent)
    assert ProjectRequest.objects.get().first_answer_at is not None
    [sent] = [m for m in mail.outbox if m.to == ["camille@example.org"]]
    assert "Structure partenaire de test vous répond" in sent.subject and ours.request.reference in sent.subject
    link = re.search(r"http\S+/accompagnement/suivi/\S+/", sent.body).group(0)
    client.logout()
    page = client.get(link.split("127.0.0.1:8000")[-1].replace("http://testserver", ""))
    assert page.status_code == 200 and "Le télécentre de Saint-Alban vous attend lundi." in page.text


@pytest.mark.parametrize("body", ["", "   ", "x" * 100_000])
def test_a_bad_answer_is_said_in_french_and_kept(client, partner_agent, ours, body):
    client.force_login(partner_agent)
    response = _post(client, "answer_post", ours, {"body": body}, follow=False)
    assert response.status_code == 400
    assert "Écrivez votre réponse." in response.text or "caractères au plus" in response.text
    if body.strip():
        assert body[:1000] in response.text
    assert not Message.objects.exists()


def test_finishing_the_last_part_closes_the_request_and_tells_the_person(client, partner_agent, ours, on_commit):
    client.force_login(partner_agent)
    _post(client, "take", ours, {})
    refused = _post(client, "finish", ours, {"outcome": ""}, follow=False)
    assert refused.status_code == 400 and "le résultat est demandé" in refused.text
    with on_commit(execute=True):
        _post(client, "finish", ours, {"outcome": "Place réservée au télécentre."})
    ours.refresh_from_db()
    assert ours.status == AssignmentStatus.DONE and ours.outcome == "Place réservée au télécentre."
    request = ProjectRequest.objects.get()
    assert request.status == RequestStatus.CLOSED and request.closed_at
    assert any("est terminée" in m.subject for m in mail.outbox if m.to == ["camille@example.org"])


def test_finishing_the_lead_passes_the_lead_to_the_other_organisation(client, partner_agent, ours, on_commit):
    other = AssignmentFactory(request=ours.request, is_lead=False, organisation=OrganisationFactory(name="Autre"))
    OrganisationAgentFactory(organisation=other.organisation, user=UserFactory(email="autre@partenaire.example"))
    client.force_login(partner_agent)
    _post(client, "take", ours, {})
    with on_commit(execute=True):
        _post(client, "finish", ours, {"outcome": "Fait."})
    other.refresh_from_db()
    assert other.is_lead and other.status == AssignmentStatus.NEW
    assert ProjectRequest.objects.get().status == RequestStatus.OPEN
    assert any("chef de file" in m.subject for m in mail.outbox if m.to == ["autre@partenaire.example"])


def test_declining_routes_the_request_to_another_organisation_that_covers_it(client, partner_agent, ours, on_commit):
    polen = OrganisationFactory(name="POLeN (essai)")
    PartnerProfileFactory(organisation=polen, topics=[Topic.WORKPLACE])
    OrganisationAgentFactory(organisation=polen, user=UserFactory(email="polen@partenaire.example"))
    client.force_login(partner_agent)
    refused = _post(client, "decline", ours, {"reason": ""}, follow=False)
    assert refused.status_code == 400 and "pas pour vous" in refused.text
    with on_commit(execute=True):
        _post(client, "decline", ours, {"reason": "Pas notre territoire."})
    ours.refresh_from_db()
    assert ours.status == AssignmentStatus.DECLINED
    new = Assignment.objects.get(organisation=polen)
    assert new.is_lead and new.status == AssignmentStatus.NEW
    assert ProjectRequest.objects.get().status == RequestStatus.OPEN
    assert any(m.to == ["polen@partenaire.example"] for m in mail.outbox)


def test_declining_with_nobody_else_sends_the_request_to_staff(client, partner_agent, ours, on_commit, settings):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    client.force_login(partner_agent)
    with on_commit(execute=True):
        _post(client, "decline", ours, {"reason": "Pas pour nous."})
    request = ProjectRequest.objects.get()
    assert request.status == RequestStatus.UNROUTED and request.unrouted_topics == [Topic.WORKPLACE]
    assert any(m.to == ["accompagnement@solozere.example"] for m in mail.outbox)
    assert Assignment.objects.count() == 1


def test_handing_over_gives_the_lead_to_the_other_organisation_and_tells_the_person(
    client, partner_agent, ours, on_commit
):
    target = OrganisationFactory(name="CCI (essai)")
    PartnerProfileFactory(organisation=target, topics=[Topic.BUSINESS_CREATION])
    OrganisationAgentFactory(organisation=target, user=UserFactory(email="cci@partenaire.example"))
    closed = OrganisationFactory(name="Fermée", closed=True)
    PartnerProfileFactory(organisation=closed)
    client.force_login(partner_agent)
    form = client.get(reverse("accompaniment_partner:hand_over", args=[ours.request.reference]))
    assert (
        "CCI (essai)" in form.text
        and "Fermée" not in form.text
        and "Structure partenaire de test</option>" not in form.text
    )
    refused = _post(client, "hand_over", ours, {"organisation": closed.pk, "note": "Voyez-la."}, follow=False)
    assert refused.status_code == 400 and "choisissez dans la liste" in refused.text and "Voyez-la." in refused.text
    with on_commit(execute=True):
        _post(client, "hand_over", ours, {"organisation": target.pk, "note": "Projet de création : à vous."})
    ours.refresh_from_db()
    new = Assignment.objects.get(organisation=target)
    assert ours.status == AssignmentStatus.HANDED_OVER and not ours.is_lead
    assert new.is_lead and new.handed_over_from == ours
    to_target = [m for m in mail.outbox if m.to == ["cci@partenaire.example"]]
    assert to_target and "Projet de création : à vous." in to_target[0].body
    to_person = [m for m in mail.outbox if m.to == ["camille@example.org"]]
    assert to_person and "CCI (essai)" in to_person[0].body and "Projet de création" not in to_person[0].body
    # The note is for the organisations: the person's page does not show it.
    page = client.get(reverse("accompaniment:private", args=[ours.request.token]))
    assert "Projet de création : à vous." not in page.text
    # Handed over: the old organisation may no longer act on it.
    assert _post(client, "answer_post", ours, {"body": "Encore moi."}, follow=False).status_code == 400


def test_an_agent_answers_from_the_signed_link_without_signing_in(client, partner_agent, ours, on_commit):
    from solozere.accompaniment.services import answer_url

    url = answer_url(ours, partner_agent.pk).split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    page = client.get(url)
    assert page.status_code == 200 and "Répondre à la personne" in page.text and "Prendre la demande" not in page.text
    with on_commit(execute=True):
        response = client.post(url, {"body": "Réponse depuis l'e-mail."}, follow=True)
    assert "Votre réponse est envoyée" in response.text
    message = Message.objects.get()
    assert (message.author, message.organisation.slug) == (partner_agent, "test")
    # Tampered: refused in French, nothing written.
    tampered = url[:-3] + ("x" if url[-3] != "x" else "y") + url[-2:]
    refused = client.post(tampered, {"body": "Pirate."})
    assert refused.status_code == 403 and "pas valide" in refused.text
    assert Message.objects.count() == 1


def test_the_new_request_email_carries_each_agents_own_answer_link(partner_agent, ours, on_commit):
    from solozere.accompaniment.services import tell_organisations

    colleague = UserFactory(email="collegue@partenaire.example")
    OrganisationAgentFactory(organisation=ours.organisation, user=colleague)
    with on_commit(execute=True):
        tell_organisations(
            ours.request,
            [ours],
            subject="Nouvelle demande %(reference)s",
            template="accompaniment/email/assignment_new.txt",
        )
    links = {m.to[0]: re.search(r"/accompagnement/partenaires/reponse/(\S+)/", m.body).group(1) for m in mail.outbox}
    assert set(links) == {"agent@partenaire.example", "collegue@partenaire.example"}
    assert links["agent@partenaire.example"] != links["collegue@partenaire.example"]
