"""A destination (`next`) survives sign-up, the confirmation e-mail and log-in; an unsafe one is ignored."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

DESTINATION = "/x/?a=b"
LONG_DESTINATION = "/x/?" + "&".join(f"champ{i}=valeur{i}" for i in range(20)) + "&q=" + "z" * 60


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _signup(client, captured, next_url):
    with captured(execute=True):
        return client.post(
            "/compte/signup/",
            {"email": "lea@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": next_url},
        )


def test_the_login_page_link_to_sign_up_carries_next(client):
    page = client.get("/compte/login/", {"next": DESTINATION})
    href = re.search(r'href="(/compte/signup/[^"]*)"', page.text)
    assert href
    assert parse_qs(urlsplit(unescape(href.group(1))).query) == {"next": [DESTINATION]}


@pytest.mark.parametrize("destination", [DESTINATION, LONG_DESTINATION])
def test_the_link_opened_in_the_same_session_lands_signed_in_on_next(
    client, django_capture_on_commit_callbacks, destination
):
    assert len(LONG_DESTINATION) > 250
    _signup(client, django_capture_on_commit_callbacks, destination)
    link = _link(mail.outbox[0])

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == destination
    assert "_auth_user_id" in client.session


def test_the_link_opened_in_another_session_asks_to_log_in_then_lands_on_next(
    client, django_capture_on_commit_callbacks
):
    _signup(client, django_capture_on_commit_callbacks, DESTINATION)
    link = _link(mail.outbox[0])
    client.cookies.clear()

    page = client.get(link)
    assert page.status_code == 200
    form_next = re.search(r'name="next" value="([^"]+)"', page.text)
    assert form_next
    confirmed = client.post(link, {"next": form_next.group(1).replace("&amp;", "&")})
    assert confirmed.status_code == 302
    assert "_auth_user_id" not in client.session
    login_page = confirmed["Location"]
    assert login_page.startswith("/compte/login/?next=")

    logged_in = client.post(login_page, {"login": "lea@example.org", "password": PASSWORD})

    assert logged_in.status_code == 302
    assert logged_in["Location"] == DESTINATION
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("unsafe", ["https://evil.example/x/", "//evil.example/x/", "javascript:alert(1)"])
def test_an_unsafe_next_is_ignored(client, django_capture_on_commit_callbacks, unsafe):
    _signup(client, django_capture_on_commit_callbacks, unsafe)
    link = _link(mail.outbox[0])
    assert "evil" not in link and "javascript" not in link

    response = client.post(link)

    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert response["Location"].startswith("/")
