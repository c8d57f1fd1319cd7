"""Public pages are valid HTML (Nu HTML checker, vnu-jar from npm, run with the machine's Java)."""

import pytest
from django.core.management import call_command

from tests.html_checker import nu_errors

PUBLIC_URLS = [
    "/",
    "/lieux/",
    "/lieux/?kind=telecentre&service=wifi_gratuit",
    "/lieux/?commune=Saint-Ch%C3%A9ly-d%27Apcher&radius=20",
    "/lieux/?commune=48200&radius=abc&kind=zzz",
    "/lieux/?commune=Nulle-Part",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/contact/",
    "/agenda/",
    "/accompagnement/",
    "/communaute/",
    "/aide-teletravail/",
    "/compte/login/",
    "/compte/signup/",
    "/compte/password/reset/",
    "/opendata/",
    "/reservations/statistiques/",
    "/reservations/statistiques/?mois=2026-13",
    "/page-qui-n-existe-pas/",
]


@pytest.fixture
def public_pages(territory, client, tmp_path):
    call_command("import_places", verbosity=0)
    call_command("load_demo", verbosity=0)
    from solozere.places.models import Place

    urls = [*PUBLIC_URLS, *(p.get_absolute_url() for p in Place.objects.order_by("pk")[:3])]
    files = []
    for index, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        path = tmp_path / f"page{index:02d}.html"
        path.write_bytes(response.content)
        files.append((url, path))
    return files


@pytest.mark.django_db
def test_public_pages_have_no_html_errors(public_pages):
    errors = nu_errors(public_pages)
    assert errors == [], "\n".join(errors)
