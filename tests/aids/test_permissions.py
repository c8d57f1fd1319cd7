"""Every protected page, for every role: anonymous, plain user, representative of another company,
representative of the company, staff."""

import pytest

from solozere.aids import services
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain", "other_company", "owner", "staff"]


@pytest.fixture
def people(submitted, applicant, staff_user):
    other = UserFactory(email="autre@ailleurs.example")
    services.application_save_draft(
        user=other, scheme=submitted.scheme, data=draft_data(submitted.scheme, siret="44306184100047", first_name="Léa")
    )
    return {"anonymous": None, "plain": UserFactory(), "other_company": other, "owner": applicant, "staff": staff_user}


def _get(client, people, role, url):
    if people[role] is not None:
        client.force_login(people[role])
    return client.get(url)


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/compte/login/"), response
    else:
        assert response.status_code == expected, response


# GET pages of the applicant side: the company's own people only; others get a 404 (nothing leaks).
APPLICANT_PAGES = {
    "detail": (
        "/aide-teletravail/demandes/{pk}/",
        {"anonymous": "login", "plain": 404, "other_company": 404, "owner": 200, "staff": 302},
    ),
    "edit": (
        "/aide-teletravail/demandes/{pk}/modifier/",
        {"anonymous": "login", "plain": 404, "other_company": 404, "owner": 302, "staff": 404},
    ),
    "document": (
        "/aide-teletravail/pieces/{doc}/",
        {"anonymous": "login", "plain": 404, "other_company": 404, "owner": 200, "staff": 200},
    ),
    "letter": (
        "/aide-teletravail/demandes/{pk}/lettre-de-decision/",
        {"anonymous": "login", "plain": 404, "other_company": 404, "owner": 404, "staff": 404},
    ),
    "mine": (
        "/aide-teletravail/mes-demandes/",
        {"anonymous": "login", "plain": 200, "other_company": 200, "owner": 200, "staff": 200},
    ),
}

STAFF_PAGES = [
    "/equipe/aides/",
    "/equipe/aides/{pk}/",
    "/equipe/aides/statistiques/",
    "/equipe/aides/statistiques.csv",
]

STAFF_ACTIONS = [
    ("/equipe/aides/{pk}/instruire/", {}),
    ("/equipe/aides/{pk}/pieces-demandees/", {"message": "RIB"}),
    ("/equipe/aides/{pk}/accorder/", {"amount": "2400"}),
    ("/equipe/aides/{pk}/refuser/", {"motive": "Non"}),
    ("/equipe/aides/{pk}/versement/", {"paid_on": "2026-01-01", "amount": "100"}),
    ("/equipe/aides/{pk}/notes/", {"body": "Note"}),
    ("/equipe/aides/{pk}/messages/", {"body": "Bonjour"}),
    ("/equipe/aides/{pk}/attribuer/", {"assignee": ""}),
]

APPLICANT_ACTIONS = [
    ("/aide-teletravail/demandes/{pk}/deposer/", {}),
    ("/aide-teletravail/demandes/{pk}/completer/", {}),
    ("/aide-teletravail/demandes/{pk}/retirer/", {}),
    ("/aide-teletravail/demandes/{pk}/messages/", {"body": "Bonjour"}),
    ("/aide-teletravail/demandes/{pk}/pieces/", {"kind": "other"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(APPLICANT_PAGES))
def test_applicant_pages(client, people, submitted, role, page):
    url, expected = APPLICANT_PAGES[page]
    url = url.format(pk=submitted.pk, doc=submitted.documents.first().pk)
    _expect(_get(client, people, role, url), expected[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_are_for_staff_only(client, people, submitted, role, url):
    expected = {"anonymous": "login", "plain": 403, "other_company": 403, "owner": 403, "staff": 200}[role]
    _expect(_get(client, people, role, url.format(pk=submitted.pk)), expected)


@pytest.mark.parametrize("role", ["anonymous", "plain", "other_company", "owner"])
@pytest.mark.parametrize(("url", "data"), STAFF_ACTIONS)
def test_a_decision_by_someone_who_is_not_staff_is_refused(client, people, submitted, role, url, data):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.post(url.format(pk=submitted.pk), data)
    expected = "login" if role == "anonymous" else 403
    _expect(response, expected)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.granted_amount is None
    assert not submitted.annotations.exists() and not submitted.messages.exists()


@pytest.mark.parametrize("role", ["anonymous", "plain", "other_company", "staff"])
@pytest.mark.parametrize(("url", "data"), APPLICANT_ACTIONS)
def test_an_application_of_another_company_cannot_be_touched(client, people, submitted, role, url, data):
    if people[role] is not None:
        client.force_login(people[role])
    response = client.post(url.format(pk=submitted.pk), data)
    _expect(response, "login" if role == "anonymous" else 404)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert not submitted.messages.exists()


def test_actions_refuse_get(client, people, submitted):
    client.force_login(people["owner"])
    assert client.get(f"/aide-teletravail/demandes/{submitted.pk}/deposer/").status_code == 405
    client.force_login(people["staff"])
    assert client.get(f"/equipe/aides/{submitted.pk}/accorder/").status_code == 405


def test_the_decision_letter_is_for_the_company_and_the_staff_once_decided(client, people, submitted, staff_user):
    services.application_accept(actor=staff_user, application=submitted, amount=2400)
    url = f"/aide-teletravail/demandes/{submitted.pk}/lettre-de-decision/"
    expected = {"anonymous": "login", "plain": 404, "other_company": 404, "owner": 200, "staff": 200}
    for role in ROLES:
        client.logout()
        _expect(_get(client, people, role, url), expected[role])


def test_a_staff_member_who_is_deactivated_loses_access(client, people, submitted, staff_user):
    staff_user.is_active = False
    staff_user.save()
    client.force_login(staff_user)
    response = client.get("/equipe/aides/")
    assert response.status_code in (302, 403)
