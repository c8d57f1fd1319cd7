"""Every role on every protected page that exists now. Roles combine; only the network staff reach /gestion/."""

import pytest

from solozere.accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "place_manager",
    "company_representative",
    "partner_agent",
    "network_staff",
    "superuser",
]
BACK_OFFICE = {"network_staff", "superuser"}


@pytest.fixture
def place(territory):
    return PlaceFactory(name="Télécentre de Mende")


@pytest.fixture
def as_role(client, place, future_roles):
    def log_in(role: str):
        if role == "anonymous":
            return None
        user = UserFactory(staff=role == "network_staff", superuser=role == "superuser")
        if role == "place_manager":
            place.managers.add(user)
        elif role in {"member", "company_representative", "partner_agent"}:
            future_roles[Role(role)].add(user.pk)
        client.force_login(user)
        return user

    return log_in


def account_pages():
    return ["/compte/profil/", "/compte/email/", "/compte/password/change/"]


def back_office_pages(place):
    return [
        "/gestion/",
        "/gestion/places/place/",
        f"/gestion/places/place/{place.pk}/change/",
        "/gestion/places/place/add/",
        "/gestion/core/auditlogentry/",
        "/gestion/territory/commune/",
        "/gestion/accounts/user/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_account_pages_need_a_login_and_nothing_more(client, as_role, role):
    as_role(role)
    for url in account_pages():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/compte/login/"), url
        else:
            assert response.status_code == 200, (role, url)
    # Logging out: asked when logged in; an anonymous visitor is simply sent home.
    assert client.get("/compte/logout/").status_code == (302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_network_staff_reach_the_back_office(client, as_role, place, role):
    as_role(role)
    for url in back_office_pages(place):
        response = client.get(url)
        if role in BACK_OFFICE:
            assert response.status_code == 200, (role, url)
        else:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/gestion/login/"), (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_network_staff_can_change_a_place(client, as_role, place, role):
    as_role(role)
    response = client.post(f"/gestion/places/place/{place.pk}/change/", {"name": "Piraté"})
    place.refresh_from_db()
    assert place.name == ("Télécentre de Mende")
    if role not in BACK_OFFICE:
        assert response.status_code == 302
        assert response["Location"].startswith("/gestion/login/")


@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_deletes_a_place(client, as_role, place, role):
    as_role(role)
    response = client.get(f"/gestion/places/place/{place.pk}/delete/")
    expected = {"superuser": 200, "network_staff": 403}.get(role, 302)
    assert response.status_code == expected


def test_a_staff_member_who_also_manages_a_place_holds_both_roles(client, place):
    user = UserFactory(staff=True)
    place.managers.add(user)
    client.force_login(user)
    text = client.get("/compte/profil/").text
    assert "<strong>Gestionnaire de lieu</strong>" in text
    assert "<strong>Équipe du réseau</strong>" in text
    assert client.get(f"/gestion/places/place/{place.pk}/change/").status_code == 200


def test_the_site_header_links_staff_to_the_back_office_only(client, as_role):
    as_role("place_manager")
    assert 'href="/gestion/"' not in client.get("/compte/profil/").text
