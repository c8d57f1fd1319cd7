"""The API is rate limited per real address and per signed-in person, in the shared cache, GET included; past the
limit it answers 429 with a French `message`."""

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

URL = "/api/v1/places"


def get(client, address: str):  # type: ignore[no-untyped-def]
    return client.get(URL, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def test_past_the_limit_the_api_answers_429_with_a_french_message(client, rate_limits):
    rate_limits(api="2/m/ip")
    assert get(client, "203.0.113.40").status_code == 200
    assert get(client, "203.0.113.40").status_code == 200
    response = get(client, "203.0.113.40")
    assert response.status_code == 429
    body = response.json()
    assert body["message"] == "Trop de requêtes : réessayez dans quelques instants."  # the API's one error shape
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) > 0


def test_addresses_are_counted_apart_and_a_forged_header_does_not_escape(client, rate_limits):
    rate_limits(api="1/m/ip")
    assert get(client, "203.0.113.40").status_code == 200
    assert get(client, "203.0.113.41").status_code == 200
    assert get(client, "198.51.100.1, 203.0.113.40").status_code == 429


def test_a_signed_in_person_is_counted_whatever_their_address(client, plain_user, rate_limits):
    rate_limits(api="100/m/ip,1/m/user")
    client.force_login(plain_user)
    assert get(client, "203.0.113.40").status_code == 200
    assert get(client, "203.0.113.50").status_code == 429


def test_the_counts_live_in_the_shared_cache(client, rate_limits, settings):
    """Counted in the cache that every app process shares (Redis, or the database's), never in one process's memory."""
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    }
    rate_limits(api="1/m/ip")
    assert get(client, "203.0.113.40").status_code == 200
    # A second connection to the same cache (what another app process would open) sees the count.
    other_process = caches.create_connection("default")
    assert other_process is not caches["default"]
    assert any(
        other_process.get(f"allauth:rl:solozere:api:{rate}:ip:203.0.113.40") for rate in ("1/60/ip", "1/60.0/ip")
    )


def test_answers_from_the_page_cache_count_against_the_limit(client, rate_limits, settings):
    """The API lists are cached for visitors; a cached answer must not let anyone past the limit."""
    settings.PAGE_CACHE_SECONDS = 600
    rate_limits(api="3/m/ip")
    first = get(client, "203.0.113.60")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert get(client, "203.0.113.60")["X-Page-Cache"] == "hit"
    assert get(client, "203.0.113.60")["X-Page-Cache"] == "hit"
    refused = get(client, "203.0.113.60")
    assert refused.status_code == 429
    assert refused.json()["message"] == "Trop de requêtes : réessayez dans quelques instants."
    assert get(client, "203.0.113.61")["X-Page-Cache"] == "hit", "another address is not held back"
