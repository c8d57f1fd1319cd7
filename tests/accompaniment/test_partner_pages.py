"""The partner's inbox: only agents, and each only their organisation's requests (every role, every page)."""

import pytest
from django.urls import reverse

from solozere.accompaniment.models import AssignmentLog
from solozere.accompaniment.workflow import AssignmentStatus
from solozere.organisations.models import Organisation
from tests.accompaniment.factories_partner import AssignmentFactory
from tests.accompaniment.request_helpers import delegated_commune
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PERSONAS_REFUSED = ["plain_user", "member", "place_manager", "company_representative", "staff_user"]


def _ours(partner_agent):
    return AssignmentFactory(organisation=Organisation.objects.get(slug="test"))


def _pages(reference):
    gets = [reverse("accompaniment_partner:inbox")] + [
        reverse(f"accompaniment_partner:{name}", args=[reference])
        for name in ("request", "finish", "decline", "hand_over")
    ]
    posts = [
        reverse(f"accompaniment_partner:{name}", args=[reference])
        for name in ("take", "start", "answer_post", "finish", "decline", "hand_over")
    ]
    return gets, posts


def test_a_visitor_is_sent_to_sign_in(client, partner_agent):
    gets, posts = _pages(_ours(partner_agent).request.reference)
    for url in gets + posts:
        response = client.post(url) if url in posts else client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"], url


@pytest.mark.parametrize("persona", PERSONAS_REFUSED)
def test_people_who_are_not_agents_are_refused_every_page(client, request, partner_agent, persona):
    assignment = _ours(partner_agent)
    client.force_login(request.getfixturevalue(persona))
    gets, posts = _pages(assignment.request.reference)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.NEW


def test_an_agent_of_a_closed_organisation_is_refused(client):
    agent = OrganisationAgentFactory(organisation__closed=True).user
    client.force_login(agent)
    assert client.get(reverse("accompaniment_partner:inbox")).status_code == 403


def test_an_agent_sees_and_takes_their_organisations_request(client, partner_agent):
    assignment = _ours(partner_agent)
    client.force_login(partner_agent)
    inbox = client.get(reverse("accompaniment_partner:inbox"))
    assert inbox.status_code == 200 and assignment.request.reference in inbox.text
    detail = client.get(reverse("accompaniment_partner:request", args=[assignment.request.reference]))
    assert detail.status_code == 200 and "Prendre la demande" in detail.text
    assert "je cherche un lieu où télétravailler" in detail.text
    response = client.post(reverse("accompaniment_partner:take", args=[assignment.request.reference]), follow=True)
    assert "Vous suivez cette demande" in response.text
    assignment.refresh_from_db()
    assert (assignment.status, assignment.taken_by) == (AssignmentStatus.TAKEN, partner_agent)
    client.post(reverse("accompaniment_partner:start", args=[assignment.request.reference]))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assert list(AssignmentLog.objects.filter(assignment=assignment).values_list("action", flat=True)) == [
        "take",
        "start",
    ]
    # Taking it twice says why, in French, and changes nothing.
    response = client.post(reverse("accompaniment_partner:take", args=[assignment.request.reference]), follow=True)
    assert (response.status_code == 200 and "ne peut pas" in response.text.lower()) or "impossible" in response.text


def test_another_organisations_request_is_a_404_for_every_page(client, partner_agent):
    theirs = AssignmentFactory(organisation=OrganisationFactory(name="Une autre structure"))
    client.force_login(partner_agent)
    inbox = client.get(reverse("accompaniment_partner:inbox"))
    assert theirs.request.reference not in inbox.text
    gets, posts = _pages(theirs.request.reference)
    for url in gets[1:]:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"body": "x", "outcome": "x", "reason": "x", "note": "x"}).status_code == 404, url
    theirs.refresh_from_db()
    assert theirs.status == AssignmentStatus.NEW and theirs.taken_by is None


def test_an_unknown_reference_is_a_french_404(client, partner_agent):
    client.force_login(partner_agent)
    response = client.get(reverse("accompaniment_partner:request", args=["ZZZZ2222"]))
    assert response.status_code == 404


def test_the_inbox_query_count_does_not_grow_with_its_rows(client, partner_agent, django_assert_max_num_queries):
    organisation = Organisation.objects.get(slug="test")
    client.force_login(partner_agent)
    AssignmentFactory(organisation=organisation)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("accompaniment_partner:inbox"))
    for number in range(15):
        AssignmentFactory(
            organisation=organisation,
            taken_by=UserFactory(),
            status=AssignmentStatus.NEW,
            request__commune=delegated_commune(number),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accompaniment_partner:inbox"))
    assert response.text.count("chef de file") >= 16


def test_the_inbox_shows_fifty_rows_a_page_and_keeps_its_tab(client, partner_agent):
    organisation = Organisation.objects.get(slug="test")
    AssignmentFactory.create_batch(51, organisation=organisation, status=AssignmentStatus.DONE)
    client.force_login(partner_agent)
    first = client.get(reverse("accompaniment_partner:inbox") + "?vue=closes")
    assert first.text.count('data-label="Reçue le"') == 50
    assert 'href="?vue=closes&amp;page=2"' in first.text and "Page 1 sur 2" in first.text
    second = client.get(reverse("accompaniment_partner:inbox") + "?vue=closes&page=2")
    assert second.text.count('data-label="Reçue le"') == 1
    assert client.get(reverse("accompaniment_partner:inbox") + "?vue=closes&page=abc").status_code == 200
