import pytest
from django.urls import reverse

from tests.events.factories import EventFactory, EventSiteFactory

pytestmark = pytest.mark.django_db


def test_a_published_event_has_a_public_page(client):
    site = EventSiteFactory(event__title="Petit-déjeuner à Mende")
    response = client.get(reverse("events:detail", args=[site.event.slug]))
    assert response.status_code == 200
    assert "Petit-déjeuner à Mende" in response.content.decode()
    assert site.place.name in response.content.decode()


def test_a_draft_is_a_404_for_a_visitor_and_a_member(client, member):
    event = EventFactory(draft=True)
    assert client.get(reverse("events:detail", args=[event.slug])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("events:detail", args=[event.slug])).status_code == 404


def test_a_draft_shows_to_the_staff(client, staff_user):
    event = EventFactory(draft=True)
    client.force_login(staff_user)
    assert client.get(reverse("events:detail", args=[event.slug])).status_code == 200


def test_an_unknown_event_is_a_404(client):
    assert client.get(reverse("events:detail", args=["nulle-part"])).status_code == 404
