"""People enter hours with the weekly grid: no page tells them to write "au format OpenStreetMap"."""

from pathlib import Path

import pytest

import solozere
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

WORDING = "format openstreetmap"
SOURCE = Path(solozere.__file__).parent


def test_no_template_nor_message_says_format_openstreetmap():
    offenders = [
        str(path.relative_to(SOURCE))
        for pattern in ("**/*.html", "**/*.txt", "**/*.py")
        for path in SOURCE.glob(pattern)
        if "migrations" not in path.parts and WORDING in path.read_text(encoding="utf-8").lower()
    ]
    assert offenders == []


@pytest.fixture
def place(territory, manager):  # type: ignore[no-untyped-def]
    place = PlaceFactory(name="Télécentre de Mende", opening_hours="Mo-Fr 09:00-12:00")
    place.managers.add(manager)
    return place


def test_no_public_or_manager_page_says_format_openstreetmap(client, place, manager):
    public = ["/", "/lieux/", place.get_absolute_url(), f"/lieux/{place.slug}/signaler/", "/opendata/"]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert WORDING not in response.content.decode().lower(), url
    client.force_login(manager)
    for url in (f"/lieux/{place.slug}/gerer/modifier/", f"/lieux/{place.slug}/gerer/horaires/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert WORDING not in response.content.decode().lower(), url
    # Bad hours refused on the advanced entry: the error does not say it either.
    response = client.post(
        f"/lieux/{place.slug}/gerer/horaires/",
        {"formulaire": "avance", "avance-expression": "lundi 9h", "avance-note": ""},
    )
    assert response.status_code == 400
    assert "lundi 9h" in response.content.decode()
    assert WORDING not in response.content.decode().lower()
