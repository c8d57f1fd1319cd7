"""Staff pages need a second factor (allauth's MFA, an authenticator app), and the admin signs in through allauth.

The flows are driven through HTTP with a real password sign-in: `force_login` (used by the other tests of staff pages)
skips the sign-in, the factory giving staff personas an authenticator app as the real ones must have."""

import pytest
from allauth.mfa.models import Authenticator

from tests.accounts.factories import PASSWORD, TOTP_SECRET, UserFactory, totp_code

STAFF_PAGE = "/equipe/"


@pytest.fixture(autouse=True)
def _mfa(settings):  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED_FOR_STAFF = True
    # One period either side: a code computed just before a 30-second boundary stays valid for the test.
    settings.MFA_TOTP_TOLERANCE = 1


def sign_in(client, user):  # type: ignore[no-untyped-def]
    return client.post("/compte/login/", {"login": user.email, "password": PASSWORD})


def test_staff_without_an_authenticator_is_sent_to_set_one_up_then_reaches_the_staff_pages(client, db):
    staff = UserFactory(staff=True, second_factor=False)
    assert sign_in(client, staff).status_code == 302

    response = client.get(STAFF_PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"
    # allauth asks the password again before a second factor is added.
    reauthenticate = client.get(response["Location"])
    assert reauthenticate["Location"] == "/compte/reauthenticate/?next=%2Fcompte%2F2fa%2Ftotp%2Factivate%2F"
    again = client.post(reauthenticate["Location"], {"password": PASSWORD})
    page = client.get(again["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Les pages de l&#x27;équipe demandent une double authentification" in text
    assert "Activer la double authentification" in text

    secret = page.context["form"].secret
    wrong = client.post("/compte/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Code incorrect." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()

    done = client.post("/compte/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    codes = client.get(done["Location"])
    assert "Codes de secours" in codes.content.decode()
    assert client.get(STAFF_PAGE).status_code == 200


def test_staff_with_an_authenticator_gives_its_code_after_the_password(client, staff_user):
    response = sign_in(client, staff_user)
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/authenticate/"
    # The password alone opens nothing.
    assert client.get(STAFF_PAGE)["Location"].startswith("/compte/login/")

    page = client.get("/compte/2fa/authenticate/")
    assert "Code de double authentification" in page.content.decode()
    wrong = client.post("/compte/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Code incorrect." in wrong.content.decode()
    assert client.get(STAFF_PAGE)["Location"].startswith("/compte/login/")

    right = client.post("/compte/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert right.status_code == 302
    assert client.get(STAFF_PAGE).status_code == 200


def test_a_superuser_without_an_authenticator_cannot_open_the_admin(client, db):
    admin = UserFactory(superuser=True, second_factor=False)
    client.force_login(admin)
    response = client.get("/gestion/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"


def test_a_member_without_staff_rights_is_not_asked_for_a_second_factor(client, member):
    client.force_login(member)
    assert client.get("/compte/profil/").status_code == 200
    assert client.get(STAFF_PAGE).status_code == 403


def test_the_requirement_can_be_switched_off_for_the_demo(client, db, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(UserFactory(staff=True, second_factor=False))
    assert client.get(STAFF_PAGE).status_code == 200


def test_the_admin_login_page_is_allauths(client, staff_user):
    response = client.get("/gestion/login/?next=/gestion/places/place/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=%2Fgestion%2Fplaces%2Fplace%2F"
    # The admin's own redirect of an anonymous visitor ends there too.
    response = client.get("/gestion/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/login/?next=%2Fgestion%2F"


def test_the_admin_login_form_no_longer_takes_a_password(client, staff_user):
    response = client.post(
        "/gestion/login/?next=/gestion/", {"username": staff_user.email, "password": PASSWORD, "next": "/gestion/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_does_not_pass_on_an_outside_next(client, db):
    response = client.get("/gestion/login/?next=https://evil.example/")
    assert response["Location"].startswith("/compte/login/?next=%2Fgestion%2Flogin%2F")


def test_a_signed_in_person_without_admin_rights_gets_the_forbidden_page_not_a_loop(client, member):
    client.force_login(member)
    response = client.get("/gestion/login/?next=/gestion/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_the_admin_sign_in_is_rate_limited_like_the_site_sign_in(client, staff_user, settings):
    settings.ACCOUNT_RATE_LIMITS = {}  # allauth's defaults: 5 failed attempts per address typed, then refused
    target = client.get("/gestion/login/")["Location"]
    for _ in range(5):
        client.post(target, {"login": staff_user.email, "password": "pas-le-bon"})
    response = client.post(target, {"login": staff_user.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_second_factor_pages_are_french_in_the_site_layout(client, staff_user):
    client.force_login(staff_user)
    html = client.get("/compte/2fa/").content.decode()
    assert "Double authentification" in html and "Active : son code vous est demandé" in html
    assert 'class="account-nav"' in html  # the account pages' navigation, in the site's layout
    assert "Two-Factor" not in html


def test_staff_without_an_authenticator_land_on_its_set_up_right_after_logging_in_told_why(client, db):
    staff = UserFactory(staff=True, second_factor=False)
    response = client.post("/compte/login/", {"login": staff.email, "password": PASSWORD, "next": "/lieux/"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"
    assert "_auth_user_id" in client.session
    page = client.get(response["Location"], follow=True)
    assert "Les pages de l&#x27;équipe demandent une double authentification" in page.text


def test_a_superuser_without_an_authenticator_is_sent_there_too(client, db):
    admin = UserFactory(superuser=True, second_factor=False)
    response = client.post("/compte/login/", {"login": admin.email, "password": PASSWORD})
    assert response["Location"] == "/compte/2fa/totp/activate/"


@pytest.mark.parametrize("persona", ["plain_user", "member", "manager", "company_representative"])
def test_people_outside_the_staff_land_where_they_were_going(client, persona, request):
    user = request.getfixturevalue(persona)
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD, "next": "/lieux/"})
    assert response.status_code == 302
    assert response["Location"] == "/lieux/"


def test_without_the_requirement_staff_land_where_they_were_going(client, db, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    staff = UserFactory(staff=True, second_factor=False)
    response = client.post("/compte/login/", {"login": staff.email, "password": PASSWORD, "next": "/lieux/"})
    assert response["Location"] == "/lieux/"
