"""Account pages are valid HTML (Nu HTML checker), including with errors displayed."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from tests.html_checker import nu_errors
from tests.places.factories import PlaceFactory


@pytest.fixture
def pages(client, territory, tmp_path, django_capture_on_commit_callbacks):
    got = {}
    got["login"] = client.get("/compte/login/")
    got["login with errors"] = client.post("/compte/login/", {"login": "x", "password": ""})
    got["signup with errors"] = client.post("/compte/signup/", {"email": "x", "password1": "1", "password2": "2"})
    got["reset"] = client.get("/compte/password/reset/")
    got["reset done"] = client.get("/compte/password/reset/done/")
    got["bad reset link"] = client.get("/compte/password/reset/key/1-x/", follow=True)
    got["verification sent"] = client.get("/compte/confirm-email/")
    got["bad confirmation"] = client.get("/compte/confirm-email/nope/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/signup/", {"email": "lea@example.org", "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body).group(1)
    got["confirmation"] = client.get(link)

    user = UserFactory()
    PlaceFactory(name="Télécentre de Mende").managers.add(user)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/email/", {"action_add": "", "email": "autre@example.org"})
    got["profile"] = client.get("/compte/profil/")
    got["emails"] = client.get("/compte/email/")
    got["emails with errors"] = client.post("/compte/email/", {"action_add": "", "email": "x"})
    got["password change with errors"] = client.post("/compte/password/change/", {"oldpassword": "x"})
    got["personal data"] = client.get("/compte/mes-donnees/")
    got["account deletion with errors"] = client.post("/compte/mes-donnees/supprimer/", {"password": "x"})
    got["API tokens, a new one shown"] = client.post("/compte/jetons-api/", {"label": "Script"})
    client.post(reverse("accounts:api_token_revoke", args=[user.api_tokens.get().pk]))
    client.post("/compte/jetons-api/", {"label": "Agenda"})
    got["API tokens, active and revoked"] = client.get("/compte/jetons-api/")
    got["second factor"] = client.get("/compte/2fa/")
    got["second factor setup (password asked again)"] = client.get("/compte/2fa/totp/activate/", follow=True)
    got["logout"] = client.get("/compte/logout/")
    client.logout()
    staff = UserFactory(staff=True)
    got["second factor code"] = client.post("/compte/login/", {"login": staff.email, "password": PASSWORD}, follow=True)
    got["second factor code with errors"] = client.post("/compte/2fa/authenticate/", {"code": "000000"})

    files = {}
    for name, response in got.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    return files


@pytest.mark.django_db
def test_account_pages_have_no_html_errors(pages):
    errors = nu_errors([(name, Path(path)) for path, name in pages.items()])
    assert errors == [], "\n".join(errors)
