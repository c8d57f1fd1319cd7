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
    assert "Trop de demandes" in response.content.decode()
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
