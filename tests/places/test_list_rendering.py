"""/lieux/ computes once what is the same for every card: the URL pattern, the labels, the parse of an opening-hours
expression (issue 8: 70 % of the page was spent recomputing them per row)."""

import pytest
from django.urls import reverse

from solozere.places import hours
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_places(territory):  # type: ignore[no-untyped-def]
    if hasattr(hours, "_parse_stripped"):  # the cache of the parses, once they are cached
        hours._parse_stripped.cache_clear()
    for n in range(40):
        PlaceFactory(name=f"Lieu {n:02d}", opening_hours="Mo-Fr 08:30-12:00,13:30-18:30", wifi="free", printing=True)


def test_place_urls_are_reversed_once_for_the_whole_list(client, many_places, monkeypatch):
    from solozere.places import models

    calls = []
    real_reverse = models.reverse
    monkeypatch.setattr(models, "reverse", lambda *args, **kwargs: calls.append(args) or real_reverse(*args, **kwargs))
    if hasattr(models, "_detail_url_parts"):  # the reversed pattern, once it is cached
        models._detail_url_parts.cache_clear()

    response = client.get(reverse("places:list"))

    assert response.status_code == 200
    assert response.content.decode().count('href="/lieux/lieu-') == 40
    assert len(calls) <= 1


def test_one_opening_hours_expression_is_parsed_once_for_every_card(client, many_places, monkeypatch):
    parsed = []
    real = hours.opening_hours.OpeningHours

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(hours.opening_hours, "OpeningHours", counting)

    response = client.get(reverse("places:list"))

    assert response.status_code == 200
    assert len(parsed) <= 1


def test_the_cards_say_the_same_as_before(client, many_places):
    page = client.get(reverse("places:list")).content.decode()

    assert page.count("<dt>Type</dt><dd>Autre tiers-lieu</dd>") == 40
    assert page.count("<dt>Statut</dt><dd>En service</dd>") == 40
    assert page.count("Wi-Fi gratuit, Impression") == 40
    assert page.count('<span class="hours-open">') + page.count('<span class="hours-closed">') == 40
