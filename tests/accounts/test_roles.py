"""Roles combine; the profile page lists those a person holds, with their scope."""

import pytest

from solozere.accounts.roles import Role, has_role, held_roles, roles_of
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_places(territory):
    return PlaceFactory(name="Télécentre de Mende"), PlaceFactory(name="Comptoir du Malzieu")


def test_a_new_account_holds_no_role():
    assert roles_of(UserFactory()) == []


def test_is_staff_is_the_network_staff_role():
    assert roles_of(UserFactory(staff=True)) == [Role.NETWORK_STAFF]


def test_managing_a_place_is_the_place_manager_role_scoped_to_those_places(two_places):
    mende, malzieu = two_places
    user = UserFactory()
    mende.managers.add(user)
    malzieu.managers.add(user)

    [held] = held_roles(user)

    assert held.role == Role.PLACE_MANAGER
    assert held.scope == [malzieu, mende]  # by name


def test_roles_combine(two_places, future_roles):
    user = UserFactory(staff=True)
    two_places[0].managers.add(user)
    future_roles[Role.MEMBER].add(user.pk)
    future_roles[Role.PARTNER_AGENT].add(user.pk)

    assert roles_of(user) == [Role.MEMBER, Role.PLACE_MANAGER, Role.NETWORK_STAFF, Role.PARTNER_AGENT]


def test_an_inactive_or_anonymous_user_holds_no_role(two_places):
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory(staff=True, inactive=True)
    two_places[0].managers.add(user)
    assert roles_of(user) == []
    assert not has_role(AnonymousUser(), Role.NETWORK_STAFF)


def test_profile_requires_login(client):
    response = client.get("/compte/profil/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=/compte/profil/"


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (Role.MEMBER, "Membre télétravailleur"),
        (Role.PLACE_MANAGER, "Gestionnaire de lieu"),
        (Role.COMPANY_REPRESENTATIVE, "Représentant d&#x27;entreprise"),
        (Role.NETWORK_STAFF, "Équipe du réseau"),
        (Role.PARTNER_AGENT, "Agent d&#x27;une structure partenaire"),
    ],
)
def test_the_profile_lists_each_role_the_person_holds(client, two_places, future_roles, role, label):
    user = UserFactory(staff=role == Role.NETWORK_STAFF)
    if role == Role.PLACE_MANAGER:
        two_places[0].managers.add(user)
    elif role in future_roles:
        future_roles[role].add(user.pk)
    client.force_login(user)

    response = client.get("/compte/profil/")

    assert response.status_code == 200
    assert f"<strong>{label}</strong>" in response.text
    assert response.text.count("<strong>") - response.text.count("<strong>" + user.email) == 1


def test_the_profile_shows_a_managers_places_and_links_them(client, two_places):
    user = UserFactory()
    for place in two_places:
        place.managers.add(user)
    client.force_login(user)

    text = client.get("/compte/profil/").text

    assert f'<a href="{two_places[0].get_absolute_url()}">Télécentre de Mende</a>' in text
    assert "Comptoir du Malzieu" in text


def test_the_profile_shows_a_scope_without_a_link(client, future_roles):
    user = UserFactory()
    future_roles[Role.COMPANY_REPRESENTATIVE].add(user.pk)
    client.force_login(user)
    assert "<li>Lozère Conseil SARL</li>" in client.get("/compte/profil/").text


def test_the_profile_links_network_staff_to_the_back_office(client):
    client.force_login(UserFactory(staff=True))
    assert 'href="/gestion/"' in client.get("/compte/profil/").text


def test_a_person_without_role_is_told_so(client):
    client.force_login(UserFactory())
    assert "Vous n'avez pas encore de rôle dans le réseau." in client.get("/compte/profil/").text


def test_the_profile_is_get_only(client):
    client.force_login(UserFactory())
    assert client.post("/compte/profil/").status_code == 405
