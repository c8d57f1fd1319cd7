"""The account page shows the places a person manages, with "Gérer" (dashboard, edit, hours); no one else gets
the block."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.places.models import Place
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PROFILE = "/compte/profil/"
BLOCK_TITLE = 'id="places-account-title"'


def _links(html: str) -> set[str]:
    section = html.split(BLOCK_TITLE, 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', section))


def test_a_manager_sees_each_of_their_places_with_its_management_links(client, place_manager, other_manager):
    second = PlaceFactory(name="Tiers-lieu de Langogne")
    second.managers.add(place_manager)
    someone_elses = PlaceFactory(name="Espace de Florac")
    someone_elses.managers.add(other_manager)
    client.force_login(place_manager)

    html = client.get(PROFILE).content.decode()

    assert "Les lieux que je gère" in html
    assert "Télécentre de Mende" in html and "Tiers-lieu de Langogne" in html
    assert "Espace de Florac" not in html
    links = _links(html)
    for place in place_manager.managed_places.all():
        for suffix in ("gerer/", "gerer/modifier/", "gerer/horaires/"):
            assert f"/lieux/{place.slug}/{suffix}" in links
        assert place.get_absolute_url() in links
    assert not any(someone_elses.slug in link for link in links)
    # Every link of the block opens, for this manager.
    for link in links:
        assert client.get(link).status_code == 200, link


def test_one_place_is_named_in_the_singular(client, place_manager):
    client.force_login(place_manager)
    html = client.get(PROFILE).content.decode()
    assert "Le lieu que je gère" in html and "Les lieux que je gère" not in html


def test_each_link_names_its_place_for_screen_readers(client, place_manager):
    client.force_login(place_manager)
    html = client.get(PROFILE).content.decode()
    assert html.count('<span class="visually-hidden"> : Télécentre de Mende</span>') == 3


@pytest.mark.parametrize("persona", ["plain_user", "member", "company_representative", "staff_user"])
def test_no_block_for_someone_who_manages_no_place(client, request, territory, persona):
    PlaceFactory(name="Télécentre de Mende")
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(PROFILE)
    assert response.status_code == 200
    html = response.content.decode()
    assert BLOCK_TITLE not in html and "que je gère" not in html
    assert "/gerer/" not in html


def test_staff_who_also_manage_a_place_see_only_that_one(client, staff_user, territory):
    """Staff may edit every place, but the block lists the places they manage themselves."""
    PlaceFactory(name="Télécentre de Mende").managers.add(staff_user)
    PlaceFactory(name="Espace de Florac")
    client.force_login(staff_user)
    html = client.get(PROFILE).content.decode()
    assert "Le lieu que je gère" in html and "Espace de Florac" not in html


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_a_former_manager_loses_the_block_and_the_pages(client, place_manager):
    place = Place.objects.get(name="Télécentre de Mende")
    place.managers.remove(place_manager)
    client.force_login(place_manager)
    assert BLOCK_TITLE not in client.get(PROFILE).content.decode()
    assert client.get(f"/lieux/{place.slug}/gerer/").status_code == 404


def test_the_block_costs_the_same_queries_for_one_place_or_many(client, place_manager, django_assert_num_queries):
    client.force_login(place_manager)
    client.get(PROFILE)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(PROFILE)
    for number in range(4):
        PlaceFactory(name=f"Lieu supplémentaire {number}").managers.add(place_manager)
    with django_assert_num_queries(len(one)):
        html = client.get(PROFILE).content.decode()
    assert html.count('class="button" href="/lieux/') == 5
