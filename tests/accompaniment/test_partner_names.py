"""An organisation's name is text, never a format: "100% Lozère" answers, hands over and is handed over to like any
other (its name went through %-formatting twice in the answer's subject, and "% L" raised ValueError)."""

import pytest
from django.core import mail
from django.urls import reverse

from solozere.accompaniment.models import Assignment, Message
from solozere.accompaniment.services_partner import assignment_answer, assignment_hand_over
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus
from tests.accompaniment.factories_partner import AssignmentFactory, PartnerProfileFactory
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NAMES = ["100% Lozère", "Tiers-lieu %(reference)s", "50 %s d'aide", "%"]


def _part(name):
    organisation = OrganisationFactory(name=name)
    PartnerProfileFactory(organisation=organisation, topics=[Topic.WORKPLACE])
    agent = UserFactory(email="agent@cent-pour-cent.example")
    OrganisationAgentFactory(organisation=organisation, user=agent)
    return agent, AssignmentFactory(organisation=organisation, request__email="camille@example.org")


@pytest.mark.parametrize("name", NAMES)
def test_an_organisation_with_a_percent_in_its_name_answers_the_person(name, on_commit):
    agent, part = _part(name)
    with on_commit(execute=True):
        assignment_answer(actor=agent, assignment=part, body="Le télécentre vous attend lundi.")
    [sent] = [m for m in mail.outbox if m.to == ["camille@example.org"]]
    assert sent.subject.endswith(f"{name} vous répond (demande {part.request.reference})")
    assert Message.objects.get().organisation == part.organisation


def test_the_answer_through_the_page_says_it_is_sent(client, on_commit):
    agent, part = _part("100% Lozère")
    client.force_login(agent)
    with on_commit(execute=True):
        response = client.post(
            reverse("accompaniment_partner:answer_post", args=[part.request.reference]),
            {"body": "Bonjour, voici une adresse."},
            follow=True,
        )
    assert response.status_code == 200 and "Votre réponse est envoyée" in response.text
    assert any("100% Lozère vous répond" in m.subject for m in mail.outbox)


@pytest.mark.parametrize("name", NAMES)
def test_a_percent_in_a_name_is_kept_when_handing_over_either_way(name, on_commit):
    agent, part = _part(name)
    target = OrganisationFactory(name=f"{name} (reprise)")
    PartnerProfileFactory(organisation=target, topics=[Topic.WORKPLACE])
    OrganisationAgentFactory(organisation=target, user=UserFactory(email="reprise@partenaire.example"))
    with on_commit(execute=True):
        new = assignment_hand_over(actor=agent, assignment=part, to=target, note="À vous.")
    assert new.reason == f"Transmise par {name}."
    part.refresh_from_db()
    assert part.status == AssignmentStatus.HANDED_OVER
    assert Assignment.objects.get(organisation=target).is_lead
    to_person = [m for m in mail.outbox if m.to == ["camille@example.org"]]
    assert to_person and f"{name} (reprise)" in to_person[0].body
