"""The words of the account pages (issue 9, item 6): one name for the e-mail field, allauth's messages in neutral
French, and an error summary that says when passwords are to be typed again."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def _label(text: str, field: str) -> str:
    match = re.search(rf'<label for="id_{field}">([^<]*)', text)
    assert match, field
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("url", "field"), [("/compte/login/", "login"), ("/compte/signup/", "email"), ("/compte/password/reset/", "email")]
)
def test_the_email_field_is_called_adresse_e_mail_like_its_placeholder(client, url, field):
    text = _text(client.get(url))
    assert _label(text, field) == "Adresse e-mail"
    assert 'placeholder="Adresse e-mail"' in text
    assert "Courriel" not in text


def test_the_add_address_field_is_called_adresse_e_mail(client):
    client.force_login(UserFactory())
    text = _text(client.get("/compte/email/"))
    assert _label(text, "email") == "Adresse e-mail"
    assert "Courriel" not in text


def test_signing_in_and_out_says_so_without_bracketed_endings(client):
    user = UserFactory(email="lea@example.org", first_name="Léa", last_name="Roux")
    response = client.post("/compte/login/", {"login": user.email, "password": PASSWORD}, follow=True)
    signed_in = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(message.startswith("Connexion réussie : bienvenue, ") for message in signed_in), signed_in

    response = client.post("/compte/logout/", follow=True)
    text = _text(response)
    assert "Déconnexion effectuée : à bientôt sur SoLozère." in text
    assert "(e)" not in text


def test_a_changed_password_is_announced_plainly(client):
    client.force_login(UserFactory())
    response = client.post(
        "/compte/password/change/",
        {"oldpassword": PASSWORD, "password1": "Gorges-du-Tarn-1987", "password2": "Gorges-du-Tarn-1987"},
        follow=True,
    )
    assert "Votre mot de passe a été changé." in _text(response)
    assert "avec succès" not in _text(response)


def test_a_refused_signup_says_the_passwords_are_to_be_typed_again(client):
    response = client.post(
        "/compte/signup/", {"email": "lea@example.org", "password1": PASSWORD, "password2": "pas-le-meme-1987"}
    )
    text = _text(response)
    assert "Ce que vous avez saisi est gardé, sauf les mots de passe, à taper de nouveau" in text
    assert "Rien de ce que vous avez saisi n'est perdu" not in text
    assert 'value="lea@example.org"' in text


def test_a_refused_login_names_the_single_password(client):
    user = UserFactory()
    text = _text(client.post("/compte/login/", {"login": user.email, "password": "pas-le-bon"}))
    assert "Ce que vous avez saisi est gardé, sauf le mot de passe, à taper de nouveau" in text


def test_an_account_notification_dates_the_change_the_french_way():
    body = render_to_string(
        "account/email/base_notification.txt",
        {"timestamp": dt.datetime(2026, 12, 2, 13, 50, tzinfo=ZoneInfo("UTC")), "ip": "192.0.2.1", "user_agent": "x"},
    )
    assert "- date : 2 décembre 2026 à 14 h 50" in body


def test_the_password_change_page_offers_the_reset_link_once(client):
    client.force_login(UserFactory())
    text = _text(client.get("/compte/password/change/"))
    assert text.count('href="/compte/password/reset/"') == 1
