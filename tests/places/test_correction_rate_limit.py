"""Corrections are limited per real visitor: the address nginx saw (X-Forwarded-For, one trusted proxy), never the
proxy's own address, which every visitor shares."""

import pytest

from solozere.places.corrections import CORRECTIONS_PER_HOUR
from solozere.places.models import PlaceCorrection
from tests.places.factories import comptoir_ready

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx, on the same machine


@pytest.fixture
def place(territory):  # type: ignore[no-untyped-def]
    return comptoir_ready(name="Comptoir de Meyrueis", phone="04 66 00 00 01")


def propose(client, place, forwarded_for: str):  # type: ignore[no-untyped-def]
    data = {"field": "phone", "proposed_value": "04 66 45 67 89", "reason": "Le numéro a changé.", "email": ""}
    return client.post(f"/lieux/{place.slug}/signaler/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_past_the_limit_the_form_comes_back_with_a_french_429(client, place, rate_limits):
    rate_limits(place_correction="2/h/ip")
    assert propose(client, place, "203.0.113.5").status_code == 302
    assert propose(client, place, "203.0.113.5").status_code == 302
    response = propose(client, place, "203.0.113.5")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vous avez fait trop de demandes en peu de temps" in html
    assert "Le numéro a changé." in html  # what was typed is kept
    assert PlaceCorrection.objects.count() == 2


def test_two_visitors_behind_the_proxy_are_counted_apart(client, place, rate_limits):
    rate_limits(place_correction="1/h/ip")
    assert propose(client, place, "203.0.113.5").status_code == 302
    assert propose(client, place, "203.0.113.5").status_code == 429
    assert propose(client, place, "203.0.113.6").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, place, rate_limits):
    rate_limits(place_correction="1/h/ip")
    assert propose(client, place, "203.0.113.5").status_code == 302
    # The visitor sends its own X-Forwarded-For; nginx appends the address it saw: the last one is the true one.
    assert propose(client, place, "198.51.100.1, 203.0.113.5").status_code == 429
    assert propose(client, place, "198.51.100.2, 198.51.100.3, 203.0.113.5").status_code == 429


def test_a_signed_in_person_is_also_counted_whatever_their_address(client, place, plain_user, rate_limits):
    rate_limits(place_correction="100/h/ip,1/d/user")
    client.force_login(plain_user)
    assert propose(client, place, "203.0.113.5").status_code == 302
    assert propose(client, place, "203.0.113.9").status_code == 429


def test_the_hourly_count_of_the_service_is_per_visitor_not_per_proxy(client, place, settings):
    """Even with the rate limits off, the service's own count keys on the visitor's real address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(CORRECTIONS_PER_HOUR):
        assert propose(client, place, "203.0.113.5").status_code == 302
    assert propose(client, place, "203.0.113.5").status_code == 429
    assert propose(client, place, "203.0.113.6").status_code == 302
