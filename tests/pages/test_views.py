"""The home page and the static pages: same addresses as before they left core, each answering a GET."""

import pytest
from django.test import Client
from django.urls import reverse

from solozere.places.models import PlaceKind
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "pages:home": "/",
    "pages:legal": "/mentions-legales/",
    "pages:accessibility": "/accessibilite/",
    "pages:privacy": "/donnees-personnelles/",
    "pages:contact": "/contact/",
}


@pytest.mark.parametrize(("name", "path"), PAGES.items())
def test_every_page_keeps_its_address_and_answers(client: Client, name: str, path: str) -> None:
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    assert response.templates[0].name.startswith("pages/")


@pytest.mark.parametrize("path", PAGES.values())
def test_the_pages_only_answer_reads(client: Client, path: str) -> None:
    assert client.post(path).status_code == 405


def test_the_home_page_counts_real_places_only(client: Client, territory) -> None:  # type: ignore[no-untyped-def]
    PlaceFactory(kind=PlaceKind.TELECENTRE)
    PlaceFactory(kind=PlaceKind.TELECENTRE, is_demo=True)
    response = client.get("/")
    assert response.context["figures"]["telecentres"] == 1
