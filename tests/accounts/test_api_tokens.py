"""Personal API tokens: made and revoked by their owner on « Jetons d'API », shown once, kept only as a hash,
exported and deleted with the account."""

import datetime as dt
import hashlib
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.accounts import api_tokens
from solozere.accounts.models import ApiToken
from solozere.accounts.personal_data import account_delete, personal_data_export
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/compte/jetons-api/"
PERSONAS = ["plain_user", "member", "place_manager", "other_manager", "company_representative", "staff_user"]


def revoke_url(token: ApiToken) -> str:
    return reverse("accounts:api_token_revoke", args=[token.pk])


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


# Who may -----------------------------------------------------------------------------------------------------------


def test_the_page_has_the_documented_address():
    assert reverse("accounts:api_tokens") == PAGE


def test_a_visitor_is_sent_to_log_in(visitor):
    someone_s, _token = api_tokens.api_token_create(user=UserFactory(), label="Script")
    for response in (
        visitor.get(PAGE),
        visitor.post(PAGE, {"label": "Essai"}),
        visitor.post(revoke_url(someone_s)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
    assert ApiToken.objects.count() == 1
    someone_s.refresh_from_db()
    assert someone_s.revoked_at is None


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_signed_in_sees_only_their_own_tokens(client, request, persona):
    person = request.getfixturevalue(persona)
    api_tokens.api_token_create(user=person, label="Mon agenda")
    api_tokens.api_token_create(user=UserFactory(), label="Le script d'autrui")
    client.force_login(person)

    response = client.get(PAGE)

    assert response.status_code == 200
    text = page_text(response)
    assert "Mon agenda" in text
    assert "Le script d'autrui" not in text
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_revokes_another_person_s_token(client, request, persona):
    someone_s, token = api_tokens.api_token_create(user=UserFactory(), label="Script")
    client.force_login(request.getfixturevalue(persona))

    assert client.post(revoke_url(someone_s)).status_code == 404
    assert client.get(revoke_url(someone_s)).status_code == 405
    someone_s.refresh_from_db()
    assert someone_s.revoked_at is None
    assert api_tokens.api_token_resolve(token) is not None


# Made, shown once, kept as a hash ----------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, member):
    client.force_login(member)

    response = client.post(PAGE, {"label": "  Script de réservation  "})

    assert response.status_code == 200
    row = ApiToken.objects.get(user=member)
    text = page_text(response)
    token = text.split('id="new-token-value" class="api-token-value" value="', 1)[1].split('"', 1)[0]
    assert token.startswith("slz_")
    assert len(token) >= 40
    assert "il ne sera plus jamais affiché" in text
    assert row.label == "Script de réservation"
    assert row.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:12]
    stored = [str(value) for value in ApiToken.objects.filter(pk=row.pk).values_list().get()]
    assert token not in stored
    assert all(token[12:] not in value for value in stored)
    # Never again: the list shows its beginning only.
    again = page_text(client.get(PAGE))
    assert token not in again
    assert f"{row.prefix}…" in again
    assert api_tokens.api_token_resolve(token) == row


def test_the_page_says_what_a_token_can_do(client, plain_user):
    client.force_login(plain_user)
    text = page_text(client.get(PAGE))

    assert "consulter vos réservations, d'en faire et de les annuler en votre nom" in text
    assert "Authorization: Bearer" in text
    assert "Le jeton s'affiche une seule fois" in text
    assert "Aucun jeton actif." in text
    assert 'href="/compte/jetons-api/" aria-current="page"' in text


def test_a_token_needs_a_name(client, member):
    client.force_login(member)

    response = client.post(PAGE, {"label": "   "})

    assert response.status_code == 400
    assert "Donnez un nom au jeton" in page_text(response)
    assert not ApiToken.objects.exists()


def test_a_person_holds_ten_active_tokens_at_most(client, member):
    for number in range(api_tokens.MAX_ACTIVE_TOKENS):
        api_tokens.api_token_create(user=member, label=f"Jeton {number}")
    client.force_login(member)

    page = page_text(client.get(PAGE))
    refused = client.post(PAGE, {"label": "Le onzième"})

    assert "révoquez-en un que vous n'utilisez plus pour en créer un autre" in page
    assert refused.status_code == 400
    text = page_text(refused)
    assert "Vous avez déjà 10 jetons actifs, le maximum" in text
    assert 'value="Le onzième"' in text  # what was typed is kept
    assert ApiToken.objects.filter(user=member).count() == 10
    # A revoked token makes room.
    api_tokens.api_token_revoke(user=member, token=ApiToken.objects.filter(user=member).first())
    assert client.post(PAGE, {"label": "Le onzième"}).status_code == 200
    assert ApiToken.objects.filter(user=member, revoked_at__isnull=True).count() == 10


def test_the_owner_revokes_a_token_and_it_stops_at_once(client, member):
    row, token = api_tokens.api_token_create(user=member, label="Vieux script")
    client.force_login(member)
    page = page_text(client.get(PAGE))
    assert f'action="{revoke_url(row)}" data-confirm="Révoquer le jeton « Vieux script » ?' in page

    response = client.post(revoke_url(row), follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    text = page_text(response)
    assert "Le jeton « Vieux script » est révoqué : il ne fonctionne plus." in text
    assert "Jetons révoqués" in text
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert api_tokens.api_token_resolve(token) is None


def test_an_unknown_or_tampered_token_is_not_resolved(member):
    _row, token = api_tokens.api_token_create(user=member, label="Script")

    assert api_tokens.api_token_resolve(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert api_tokens.api_token_resolve(token.removeprefix("slz_")) is None
    assert api_tokens.api_token_resolve(token + "x" * 100) is None
    assert api_tokens.api_token_resolve("") is None


def test_the_token_of_a_switched_off_account_is_not_resolved(member):
    _row, token = api_tokens.api_token_create(user=member, label="Script")
    member.is_active = False
    member.save()

    assert api_tokens.api_token_resolve(token) is None


def test_the_last_use_is_written_at_most_once_a_minute(member, django_assert_num_queries):
    row, token = api_tokens.api_token_create(user=member, label="Script")
    first = timezone.now()

    api_tokens.api_token_resolve(token, now=first)
    with django_assert_num_queries(1):  # read only
        api_tokens.api_token_resolve(token, now=first + dt.timedelta(seconds=59))
    row.refresh_from_db()
    assert row.last_used_at == first
    with django_assert_num_queries(2):  # read, then write
        api_tokens.api_token_resolve(token, now=first + dt.timedelta(seconds=61))
    row.refresh_from_db()
    assert row.last_used_at == first + dt.timedelta(seconds=61)


# Personal data -----------------------------------------------------------------------------------------------------


def test_the_export_lists_the_tokens_without_their_secret(member):
    row, token = api_tokens.api_token_create(user=member, label="Script")
    api_tokens.api_token_revoke(user=member, token=row)

    data = personal_data_export(user=member)

    assert data["api_tokens"] == [
        {
            "label": "Script",
            "prefix": row.prefix,
            "created_at": row.created_at.isoformat(),
            "last_used_at": None,
            "revoked_at": ApiToken.objects.get(pk=row.pk).revoked_at.isoformat(),
        }
    ]
    dumped = str(data)
    assert token not in dumped
    assert row.secret_hash not in dumped
    assert not any(key.startswith("accounts.apitoken") for key in data["other"])


def test_the_tokens_go_with_the_account(member):
    _row, token = api_tokens.api_token_create(user=member, label="Script")

    account_delete(user=member)

    assert not ApiToken.objects.exists()
    assert api_tokens.api_token_resolve(token) is None
