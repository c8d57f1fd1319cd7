"""Sign-ups are limited per real address, beyond allauth's default (20 a minute, that is 28,800 a day)."""

import pytest
from django.core.cache import cache

from config.settings import base
from solozere.accounts.models import User
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_limits(settings):  # type: ignore[no-untyped-def]
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    yield
    cache.clear()


def signup(client, n: int, address: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/compte/signup/",
        {"email": f"inscription{n}@example.org", "password1": PASSWORD, "password2": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_the_signup_limit_is_stricter_than_allauths_default():
    rates = base.ACCOUNT_RATE_LIMITS["signup"].split(",")  # type: ignore[index]
    assert "60/h/ip" in rates and "200/d/ip" in rates


def test_past_the_limit_a_signup_is_a_french_429(client, production_limits, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "3/h/ip"}
    for n in range(3):
        assert signup(client, n, "203.0.113.20").status_code == 302
        client.logout()
    response = signup(client, 3, "203.0.113.20")
    assert response.status_code == 429
    assert "Trop de tentatives en peu de temps" in response.text
    assert 'value="inscription3@example.org"' in response.text  # what was typed is given back
    assert not User.objects.filter(email="inscription3@example.org").exists()
    # Someone else behind the same proxy still signs up; a forged header does not help the first one.
    assert signup(client, 4, "203.0.113.21").status_code == 302
    client.logout()
    assert signup(client, 5, "198.51.100.9, 203.0.113.20").status_code == 429


def test_sixty_an_hour_from_one_address_pass_the_sixty_first_is_refused(client, production_limits, monkeypatch):
    """The real default: 20 a minute, 60 an hour. The clock is moved past each minute, not slept."""
    import time

    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    for n in range(60):
        if n and n % 20 == 0:
            now[0] += 61
        assert signup(client, n, "203.0.113.30").status_code == 302, n
        client.logout()
    now[0] += 61
    assert signup(client, 60, "203.0.113.30").status_code == 429


def _error_summary_then_form(text: str) -> bool:
    """The summary comes before the first field, the reason in it."""
    summary = text.find('class="error-summary"')
    return 0 <= summary < text.find('type="email"') and "Trop de tentatives" in text[summary:]


def test_a_refused_signup_gives_back_what_was_typed_but_never_the_password(client, production_limits, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/h/ip"}
    assert signup(client, 0, "203.0.113.40").status_code == 302
    client.logout()
    response = client.post(
        "/compte/signup/?next=/aide-teletravail/",
        {"email": "lea@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": "/aide-teletravail/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.40",
    )
    assert response.status_code == 429
    text = response.text
    assert 'value="lea@example.org"' in text
    assert PASSWORD not in text
    assert 'name="next" value="/aide-teletravail/"' in text
    assert _error_summary_then_form(text)
    assert "(retapez le mot de passe)" in text


def test_a_refused_login_gives_back_the_address_in_french(client, production_limits, settings, plain_user):
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    for _n in range(2):
        client.post("/compte/login/", {"login": "quelquun@example.org", "password": "mauvais"})
    response = client.post("/compte/login/", {"login": plain_user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert f'value="{plain_user.email}"' in response.text
    assert PASSWORD not in response.text
    assert _error_summary_then_form(response.text)
    assert "_auth_user_id" not in client.session


def test_another_allauth_limit_gets_the_french_429_page(client, production_limits, settings, plain_user):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post("/compte/password/reset/", {"email": plain_user.email})
    response = client.post("/compte/password/reset/", {"email": plain_user.email})
    assert response.status_code == 429
    assert "Trop de demandes" in response.text
