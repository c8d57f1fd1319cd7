import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings


@pytest.mark.django_db
def test_the_default_cache_is_shared_through_the_database():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache = caches["default"]
    cache.set("rate:login:1.2.3.4", 3, 60)
    assert cache.get("rate:login:1.2.3.4") == 3


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_failed_logins_are_rate_limited(client):
    for _ in range(3):
        client.post("/compte/login/", {"login": "x@example.org", "password": "wrong-password"})
    response = client.post("/compte/login/", {"login": "x@example.org", "password": "wrong-password"})
    # allauth answers with a form error once the limit is reached (counted in the shared cache).
    assert "Trop de tentatives" in response.content.decode()
