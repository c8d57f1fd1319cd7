"""Sign-up, e-mail verification, login, password reset and change: the whole allauth journey, in French."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from solozere.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Gorges-du-Tarn-1987"


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _signup(client, captured, email="lea@example.org"):
    with captured(execute=True):
        return client.post("/compte/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_signup_sends_a_french_verification_email_through_the_task_queue(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    assert User.objects.filter(email="lea@example.org").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@example.org"]
    assert message.subject == "[SoLozère] Confirmez votre adresse e-mail"
    assert "Bonjour," in message.body
    assert "/compte/confirm-email/" in message.body
    assert "L'équipe SoLozère" in message.body


def test_no_email_leaves_before_the_signup_transaction_commits(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/compte/signup/", {"email": "lea@example.org", "password1": PASSWORD, "password2": PASSWORD})
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_verification_sent_page_is_in_french(client):
    response = client.get("/compte/confirm-email/")
    assert response.status_code == 200
    assert "Vérifiez votre adresse e-mail" in response.text


def test_login_is_refused_until_the_address_is_verified(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/login/", {"login": "lea@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/compte/confirm-email/"
    assert "_auth_user_id" not in client.session
    # A fresh verification mail is sent on the refused login.
    assert len(mail.outbox) == 1
    assert client.get("/compte/profil/").status_code == 302


def test_the_confirmation_link_verifies_the_address_and_opens_login(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirmez-vous que <strong>lea@example.org</strong>" in page.text
    confirmed = client.post(link)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="lea@example.org").verified
    response = client.post("/compte/login/", {"login": "lea@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/profil/"
    assert client.get("/compte/profil/").status_code == 200


def test_an_invalid_confirmation_link_says_so_in_french(client):
    response = client.get("/compte/confirm-email/nimporte-quoi/")
    assert response.status_code == 200
    assert "Ce lien de confirmation a expiré ou n'est pas valide." in response.text


def test_login_with_a_wrong_password_is_refused_in_french_and_keeps_the_email(client):
    user = UserFactory()
    response = client.post("/compte/login/", {"login": user.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "ne sont pas corrects" in response.text or "incorrect" in response.text
    assert f'value="{user.email}"' in response.text
    assert 'role="alert"' in response.text


def test_an_inactive_account_cannot_log_in(client):
    user = UserFactory(inactive=True)
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


def test_password_reset_end_to_end(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="paul@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": "paul@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/password/reset/done/"
    assert "Consultez votre messagerie" in client.get(response["Location"]).text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[SoLozère] Choisir un nouveau mot de passe"

    # allauth stashes the key in the session and redirects to a key-less URL.
    link = _link(mail.outbox[0])
    stage = client.get(link)
    assert stage.status_code == 302
    form_page = client.get(stage["Location"])
    assert "Choisir un nouveau mot de passe" in form_page.text
    done = client.post(stage["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/compte/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "Votre mot de passe a été changé." in client.get(done["Location"]).text
    # The link is single-use.
    assert "Lien non valide" in client.get(link, follow=True).text


def test_password_reset_for_an_unknown_address_does_not_reveal_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/password/reset/done/"
    assert mail.outbox[0].subject == "[SoLozère] Compte inconnu"


def test_password_change_requires_the_current_password(client):
    user = UserFactory()
    client.force_login(user)

    refused = client.post(
        "/compte/password/change/",
        {"oldpassword": "faux", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.text

    changed = client.post(
        "/compte/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_signup_refuses_a_weak_password_in_french(client):
    response = client.post("/compte/signup/", {"email": "lea@example.org", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "trop court" in response.text
    assert 'value="lea@example.org"' in response.text
    assert not User.objects.exists()


def test_signup_with_an_existing_address_creates_no_second_account(client, django_capture_on_commit_callbacks):
    UserFactory(email="lea@example.org")
    _signup(client, django_capture_on_commit_callbacks, email="LEA@example.org")
    assert User.objects.filter(email__iexact="lea@example.org").count() == 1


def test_a_person_adds_a_second_address_and_gets_a_verification_email(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/email/", {"action_add": "", "email": "autre@example.org"})

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="autre@example.org", verified=False).exists()
    assert mail.outbox[-1].to == ["autre@example.org"]
    page = client.get("/compte/email/")
    assert "autre@example.org" in page.text
    assert "non vérifiée" in page.text


def test_logout_asks_then_logs_out(client):
    client.force_login(UserFactory())
    assert "Voulez-vous vraiment vous déconnecter ?" in client.get("/compte/logout/").text
    client.post("/compte/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/compte/login/", "Se connecter"),
        ("/compte/signup/", "Créer un compte"),
        ("/compte/password/reset/", "Mot de passe oublié"),
        ("/compte/password/reset/done/", "Consultez votre messagerie"),
        ("/compte/password/reset/key/done/", "Mot de passe modifié"),
        ("/compte/confirm-email/", "Vérifiez votre adresse e-mail"),
    ],
)
def test_anonymous_account_pages_extend_the_site_layout(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    assert 'id="contenu"' in response.text  # our base.html
    assert "accounts/accounts.css" in response.text


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/compte/profil/", "Mon compte"),
        ("/compte/email/", "Adresses e-mail"),
        ("/compte/password/change/", "Changer de mot de passe"),
        ("/compte/logout/", "Se déconnecter"),
    ],
)
def test_account_management_pages_extend_the_site_layout(client, url, heading):
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    assert 'aria-label="Mon compte"' in response.text
