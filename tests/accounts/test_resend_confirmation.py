"""« Renvoyer l'e-mail de confirmation »: allauth's resend, under its own limit, keeping the sign-up's destination."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESEND = "/compte/confirmation/renvoyer/"
DESTINATION = "/aide-teletravail/?commune=48095"


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _signup(client, on_commit, email="lea@example.org", next_url=DESTINATION):  # type: ignore[no-untyped-def]
    with on_commit(execute=True):
        return client.post(
            "/compte/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": next_url}
        )


def _resend(client, on_commit):  # type: ignore[no-untyped-def]
    with on_commit(execute=True):
        return client.post(RESEND, follow=True)


@pytest.fixture
def allauth_limits(settings):  # type: ignore[no-untyped-def]
    """allauth's default limits, confirm_email included (one mail per address every 3 minutes)."""
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {}
    yield
    cache.clear()


def test_the_page_after_sign_up_offers_to_resend(client, on_commit):
    response = _signup(client, on_commit)
    page = client.get(response["Location"])
    assert response["Location"] == "/compte/confirm-email/"
    assert f'action="{RESEND}"' in page.text
    assert "Renvoyer l'e-mail de confirmation" in page.text


def test_the_resent_mail_keeps_the_destination_and_lands_signed_in_on_it(client, on_commit):
    _signup(client, on_commit)
    assert len(mail.outbox) == 1

    page = _resend(client, on_commit)

    assert page.redirect_chain == [("/compte/confirm-email/", 302)]
    assert "E-mail de confirmation envoyé à lea@example.org" in page.text
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["lea@example.org"]
    link = _link(mail.outbox[1])
    assert "next=" in link
    confirmed = client.post(link)
    assert confirmed["Location"] == DESTINATION
    assert "_auth_user_id" in client.session


def test_an_unconfirmed_address_at_log_in_can_ask_again(client, on_commit):
    user = UserFactory(unverified=True, email="paul@example.org")
    with on_commit(execute=True):
        refused = client.post("/compte/login/", {"login": user.email, "password": PASSWORD})
    assert refused["Location"] == "/compte/confirm-email/"
    assert "_auth_user_id" not in client.session
    sent_at_login = len(mail.outbox)

    page = _resend(client, on_commit)

    assert "E-mail de confirmation envoyé à paul@example.org" in page.text
    assert len(mail.outbox) == sent_at_login + 1
    assert mail.outbox[-1].to == ["paul@example.org"]


def test_a_second_request_within_three_minutes_is_a_french_429_and_sends_nothing(
    client, on_commit, allauth_limits, monkeypatch
):
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    _signup(client, on_commit)
    assert len(mail.outbox) == 1

    with on_commit(execute=True):
        refused = client.post(RESEND)

    assert refused.status_code == 429
    assert "il y a moins de trois minutes" in refused.text
    assert "Renvoyer l'e-mail de confirmation" in refused.text  # the button is still there, nothing is lost
    assert len(mail.outbox) == 1

    now[0] += 181
    page = _resend(client, on_commit)
    assert page.status_code == 200
    assert len(mail.outbox) == 2


def test_without_a_pending_sign_up_the_person_is_sent_to_log_in(client, on_commit):
    page = _resend(client, on_commit)
    assert page.redirect_chain[0] == ("/compte/login/", 302)
    assert "Cette demande a expiré" in page.text
    assert mail.outbox == []


def test_a_sign_up_with_a_taken_address_gets_the_same_answer(client, on_commit):
    """allauth's enumeration prevention: nothing tells that the address has an account, its owner is told."""
    UserFactory(email="deja@example.org")
    _signup(client, on_commit, email="deja@example.org")
    page = _resend(client, on_commit)
    assert "E-mail de confirmation envoyé à deja@example.org" in page.text
    assert [m.to for m in mail.outbox] == [["deja@example.org"], ["deja@example.org"]]


def test_resending_is_a_post_only(client):
    assert client.get(RESEND).status_code == 405


@pytest.mark.parametrize("persona", ["plain_user", "member", "manager", "company_representative", "staff_user"])
def test_someone_signed_in_has_nothing_to_resend(client, on_commit, persona, request):
    client.force_login(request.getfixturevalue(persona))
    with on_commit(execute=True):
        response = client.post(RESEND)
    assert response.status_code == 302
    assert mail.outbox == []
