"""Every role on each of the five steps of a draft application, and on its deletion: only the people of the
company that owns the draft see or change it; anyone else signed in gets a 404 (nothing leaks), a visitor is sent
to log in."""

import pytest

from solozere.aids.models import AidApplication
from solozere.aids.views import STEPS, steps_of
from tests.accounts.factories import UserFactory
from tests.aids.conftest import draft_data, represent

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "manager", "other_company", "owner", "staff"]
OTHER_SIRET = "44306184100047"


@pytest.fixture
def people(draft, applicant, member, place_manager, staff_user):
    other = UserFactory(email="autre@ailleurs.example")
    represent(other, siret=OTHER_SIRET)
    return {
        "anonymous": None,
        "member": member,
        "manager": place_manager,
        "other_company": other,
        "owner": applicant,
        "staff": staff_user,
    }


def _client_for(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _step_urls(draft) -> dict[str, str]:
    """The URL of each step, as the step indicator links it (from the step after, so every step has its link)."""
    urls = {row["key"]: row["url"] for row in steps_of(draft, "deposer") if row["url"]}
    urls["deposer"] = steps_of(draft, "entreprise")[-1]["url"]
    return urls


def test_the_five_steps_are_the_ones_tested():
    assert [key for key, _label in STEPS] == ["entreprise", "salarie", "depenses", "pieces", "deposer"]


# Who sees each step page (the last two are the application page's sections, #pieces and #deposer).
EXPECTED = {
    "anonymous": "login",
    "member": 404,
    "manager": 404,
    "other_company": 404,
    "owner": 200,
    # Staff instruct submitted applications, not drafts: a step is not theirs to fill in (404). The application
    # page sends them to their own screen (302), where the draft is shown read-only.
    "staff": {"entreprise": 404, "salarie": 404, "depenses": 404, "pieces": 302, "deposer": 302},
}


# What the owner finds of their draft on each step.
SHOWN = {
    "entreprise": "Fromagerie du Gévaudan",
    "salarie": "Camille",
    "depenses": "Ordinateur portable",
    "pieces": 'id="pieces"',
    "deposer": 'id="deposer"',
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", [key for key, _label in STEPS])
def test_each_step_page_is_for_the_owner_company_only(client, people, draft, role, step):
    url = _step_urls(draft)[step]
    response = _client_for(client, people, role).get(url)
    expected = EXPECTED[role]
    if isinstance(expected, dict):
        expected = expected[step]
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    else:
        assert response.status_code == expected
    if role == "staff" and expected == 302:
        assert response["Location"] == f"/equipe/aides/{draft.pk}/"
    if expected == 200:
        assert SHOWN[step] in response.content.decode()


@pytest.mark.parametrize("role", ["member", "manager", "other_company", "staff"])
@pytest.mark.parametrize("step", ["entreprise", "salarie", "depenses"])
def test_a_step_posted_by_someone_else_changes_nothing(client, people, draft, role, step):
    before = (draft.company_id, draft.employee_first_name, list(draft.expenses.values_list("description", "pk")))
    data = {"siret": OTHER_SIRET, "company_name": "Piratage", "employee_first_name": "Intrus", "go": "stay"}
    response = _client_for(client, people, role).post(_step_urls(draft)[step], data)
    assert response.status_code == 404
    draft.refresh_from_db()
    after = (draft.company_id, draft.employee_first_name, list(draft.expenses.values_list("description", "pk")))
    assert after == before


def test_a_step_posted_by_a_visitor_is_sent_to_log_in_and_changes_nothing(client, draft):
    url = _step_urls(draft)["salarie"]
    response = client.post(url, {"employee_first_name": "Intrus", "go": "stay"})
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    draft.refresh_from_db()
    assert draft.employee_first_name == "Camille"


def test_a_step_that_is_not_a_form_is_not_an_edit_page(client, draft, applicant):
    """Pièces and Déposer live on the application page: /modifier/pieces/ is no page of its own."""
    client.force_login(applicant)
    for step in ("pieces", "deposer", "inconnue"):
        assert client.get(f"/aide-teletravail/demandes/{draft.pk}/modifier/{step}/").status_code == 404


# Deleting a draft ------------------------------------------------------------------------------------------


def _delete_url(draft) -> str:
    return f"/aide-teletravail/demandes/{draft.pk}/supprimer/"


@pytest.mark.parametrize("role", ROLES)
def test_the_delete_url_is_an_action_not_a_page(client, people, draft, role):
    """Deleting is asked for from the application page (a form with a confirmation); a GET deletes nothing."""
    response = _client_for(client, people, role).get(_delete_url(draft))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    else:
        assert response.status_code == 405
    assert AidApplication.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["anonymous", "member", "manager", "other_company", "staff"])
def test_a_draft_is_not_deleted_by_someone_else(client, people, draft, role):
    response = _client_for(client, people, role).post(_delete_url(draft))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    else:
        assert response.status_code == 404
    assert AidApplication.objects.filter(pk=draft.pk).exists()
    assert draft.expenses.count() == 2


def test_the_owner_company_deletes_its_draft(client, people, draft):
    client.force_login(people["owner"])
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f'action="{_delete_url(draft)}"' in page and "data-confirm=" in page
    response = client.post(_delete_url(draft))
    assert response.status_code == 302 and response["Location"] == "/aide-teletravail/mes-demandes/"
    assert not AidApplication.objects.filter(pk=draft.pk).exists()


def test_another_representative_of_the_owner_company_may_delete_the_draft(client, draft):
    """The draft belongs to the company, not to whoever typed it."""
    colleague = UserFactory(email="collegue@entreprise.example")
    represent(colleague)
    client.force_login(colleague)
    assert client.get(_step_urls(draft)["salarie"]).status_code == 200
    assert client.post(_delete_url(draft)).status_code == 302
    assert not AidApplication.objects.filter(pk=draft.pk).exists()


def test_a_submitted_application_is_not_deleted_even_by_its_owner(client, submitted, applicant):
    client.force_login(applicant)
    response = client.post(_delete_url(submitted))
    assert response.status_code == 302 and response["Location"] == submitted.get_absolute_url()
    assert AidApplication.objects.filter(pk=submitted.pk).exists()


def test_a_draft_of_another_company_is_a_404_even_when_its_author_claims_it(client, telework_scheme, applicant):
    """A draft written by someone whose claim is pending is theirs alone, not the other companies'."""
    from solozere.aids import services

    author = UserFactory(email="auteur@autre.example")
    pending = services.application_save_draft(
        user=author, scheme=telework_scheme, data=draft_data(telework_scheme, siret=OTHER_SIRET, first_name="Léa")
    )
    represent(applicant)
    client.force_login(applicant)
    assert client.get(_step_urls(pending)["entreprise"]).status_code == 404
    assert client.post(_delete_url(pending)).status_code == 404
    client.force_login(author)
    assert client.get(_step_urls(pending)["entreprise"]).status_code == 200


def test_staff_see_a_draft_on_their_screen_without_its_actions(client, draft, staff_user):
    client.force_login(staff_user)
    response = client.get(f"/equipe/aides/{draft.pk}/")
    assert response.status_code == 200
    assert f"/equipe/aides/{draft.pk}/accorder/" not in response.content.decode()
