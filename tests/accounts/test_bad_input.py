"""/compte/ never answers a 500, whatever is typed or forged: empty, too long, wrong type, NUL characters."""

import pytest
from django.core import mail

from solozere.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LONG = "a" * 10_000
LONG_EMAIL = "a" * 5_000 + "@example.org"

BAD_VALUES = ["", " ", LONG, LONG_EMAIL, "pas-une-adresse", "nul\x00@example.org", "é@ü.fr", "<script>@x.fr"]


@pytest.mark.parametrize("login", BAD_VALUES)
@pytest.mark.parametrize("password", ["", LONG, "x\x00y"])
def test_login_never_fails_on_bad_input(client, login, password):
    response = client.post("/compte/login/", {"login": login, "password": password, "remember": "peut-être"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert "_auth_user_id" not in client.session


def test_login_with_repeated_fields_is_handled(client):
    user = UserFactory()
    response = client.post("/compte/login/", {"login": ["x@example.org", user.email], "password": [PASSWORD]})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("email", BAD_VALUES)
def test_signup_never_fails_on_bad_input_and_keeps_what_was_typed(client, email):
    response = client.post("/compte/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize("password", ["", "court", "x\x00y" * 5, "1234567890123"])
def test_signup_with_bad_passwords_is_refused_in_french(client, password):
    response = client.post(
        "/compte/signup/", {"email": "lea@example.org", "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert 'value="lea@example.org"' in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("email", BAD_VALUES)
def test_password_reset_request_never_fails(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": email})
    assert response.status_code == 200
    assert mail.outbox == []


@pytest.mark.parametrize(
    "path",
    [
        "/compte/password/reset/key/zz-nimporte/",
        "/compte/password/reset/key/0-x/",
        "/compte/password/reset/key/zzzzzzzzzzzzzzzzzzzzzzzzzzzzz-x/",
        "/compte/password/reset/key/1-" + "k" * 3000 + "/",
        "/compte/password/reset/key/1-%00/",
        "/compte/confirm-email/" + "k" * 3000 + "/",
        "/compte/confirm-email/%00/",
        "/compte/confirm-email/abc:def:ghi/",
    ],
)
def test_forged_links_are_refused_calmly(client, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404)
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code in (200, 302, 404)


@pytest.mark.parametrize("email", BAD_VALUES)
def test_adding_a_bad_email_address_is_refused(client, email):
    client.force_login(UserFactory())
    response = client.post("/compte/email/", {"action_add": "", "email": email})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize("action", ["action_primary", "action_send", "action_remove"])
@pytest.mark.parametrize("email", ["", "autre@example.org", LONG, "nul\x00@x.fr"])
def test_email_actions_on_unknown_addresses_are_refused(client, action, email):
    client.force_login(UserFactory())
    response = client.post("/compte/email/", {action: "", "email": email})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"oldpassword": LONG, "password1": LONG, "password2": LONG},
        {"oldpassword": "x\x00", "password1": "y\x00", "password2": "z"},
        {"oldpassword": PASSWORD, "password1": "court", "password2": "court"},
    ],
)
def test_password_change_never_fails(client, data):
    client.force_login(UserFactory())
    response = client.post("/compte/password/change/", data)
    assert response.status_code == 200
    assert 'role="alert"' in response.text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example", "%00", LONG, "javascript:alert(1)"])
def test_login_ignores_an_unsafe_next(client, next_url):
    user = UserFactory()
    assert client.get("/compte/login/", {"next": next_url}).status_code == 200
    response = client.post(f"/compte/login/?next={next_url}", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert not response["Location"].startswith("javascript")


def test_the_profile_ignores_query_parameters(client):
    client.force_login(UserFactory())
    assert client.get("/compte/profil/", {"x": "\x00", "page": LONG}).status_code == 200
