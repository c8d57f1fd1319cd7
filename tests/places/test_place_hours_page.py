"""The place page's hours, now, public holidays, seasonal note, sources and photos, at chosen moments."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from solozere.places import views
from solozere.places.services import place_photo_add
from tests.places.factories import PlaceFactory, member_place, tiny_jpeg
from tests.places.test_views import text

pytestmark = pytest.mark.django_db

PARIS_OFFSET = dt.timezone(dt.timedelta(hours=1))  # winter time
ISSUE_EXPRESSION = "Mo-Fr 09:00-12:00,14:00-18:00; PH off"


@pytest.fixture
def at(monkeypatch):  # type: ignore[no-untyped-def]
    def set_clock(*args: int) -> None:
        moment = dt.datetime(*args, tzinfo=PARIS_OFFSET)
        monkeypatch.setattr(views, "clock", lambda: moment)

    return set_clock


@pytest.fixture
def place(territory):  # type: ignore[no-untyped-def]
    return PlaceFactory(name="Télécentre de Mende", opening_hours=ISSUE_EXPRESSION)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        ((2026, 12, 3, 10, 0), "Ouvert maintenant"),  # a Thursday morning
        ((2026, 12, 3, 12, 30), "Fermé maintenant"),  # lunch
        ((2026, 12, 3, 18, 0), "Fermé maintenant"),  # closing time
        ((2026, 12, 5, 10, 0), "Fermé maintenant"),  # Saturday
        ((2026, 12, 25, 10, 0), "Fermé maintenant"),  # Christmas, a Friday
    ],
)
def test_the_page_says_open_or_closed_now_in_paris_time(client, place, at, moment, state):
    at(*moment)

    page = text(client.get(place.get_absolute_url()))

    assert f"En ce moment {state}" in page
    assert f"Horaires {state}" in page


def test_the_week_runs_monday_to_sunday_with_today_highlighted(client, place, at):
    at(2026, 12, 3, 10, 0)

    response = client.get(place.get_absolute_url())

    content = response.content.decode()
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(\w+)", content.split('class="week-hours"')[1])
    assert rows == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    assert content.count('aria-current="date"') == 1
    today_row = re.search(r'<tr class="today" aria-current="date">(.*?)</tr>', content, re.S).group(1)
    assert "Jeudi" in today_row and "aujourd'hui" in today_row
    page = text(response)
    assert "Jeudi 3 décembre aujourd'hui 09:00\u201312:00, 14:00\u201318:00" in page
    assert "Dimanche 6 décembre Fermé" in page
    assert "Fermé les jours fériés." in page


def test_a_public_holiday_of_this_week_is_marked_and_closed(client, place, at):
    at(2026, 12, 23, 10, 0)

    page = text(client.get(place.get_absolute_url()))

    assert "Vendredi 25 décembre jour férié Fermé" in page
    assert "Jeudi 24 décembre 09:00" in page


def test_hours_without_a_holidays_rule_say_holidays_keep_the_usual_hours(client, territory, at):
    at(2026, 12, 25, 10, 0)
    place = PlaceFactory(name="Ouvert à Noël", opening_hours="Mo-Fr 09:00-12:00")

    page = text(client.get(place.get_absolute_url()))

    assert "Ouvert maintenant" in page
    assert "Les jours fériés, le lieu garde les horaires habituels du jour." in page


def test_the_seasonal_note_is_shown_with_the_hours(client, place):
    place.opening_hours_note = "Fermé en août"
    place.save()

    assert "À noter : Fermé en août" in text(client.get(place.get_absolute_url()))


def test_the_place_page_never_names_the_openstreetmap_format(client, place):
    content = client.get(place.get_absolute_url()).content.decode()

    assert "OpenStreetMap" not in content
    assert ISSUE_EXPRESSION not in content.split("</head>")[1].split('type="application/ld+json"')[0]


def test_sources_of_a_labelled_place_with_hours_do_not_say_unverified_or_hours_unknown(
    client, territory, charter_v1, manager, staff_user
):
    place = member_place(manager, staff_user, name="Comptoir labellisé", opening_hours=ISSUE_EXPRESSION)
    place.source_note = "Sources : articles de presse. Statut d'après ces sources : « en service »."
    place.save()

    page = text(client.get(place.get_absolute_url()))
    sources = page.split("Sources ", 1)[1]

    assert "Ce lieu a le label de la charte SoLozère" in sources
    assert "vérifié ces informations" not in sources
    assert "horaires" not in sources.split("Fiche mise à jour")[0].split("Non renseign")[-1]


def test_sources_of_an_imported_place_say_what_is_missing(client, territory):
    place = PlaceFactory(name="Importé", source_note="Sources : articles de presse.")

    page = text(client.get(place.get_absolute_url()))

    assert "Sources Sources : articles de presse. Ce lieu n'a pas le label de la charte SoLozère" in page
    assert "Non renseignés : adresse, accès, Wi-Fi, services, débit de la connexion, horaires," in page


def test_photos_are_shown_with_their_description_as_alt_text(client, place):
    for index, alt in enumerate(("La salle de coworking", "L'entrée du télécentre")):
        image = SimpleUploadedFile(f"p{index}.jpg", tiny_jpeg((index * 90, 100, 60)))
        place_photo_add(actor=None, place=place, image_file=image, alt_text=alt)

    content = client.get(place.get_absolute_url()).content.decode()

    gallery = content.split('<ul class="place-photos">')[1].split("</ul>")[0]
    assert gallery.count("<img ") == 2
    assert 'alt="La salle de coworking"' in gallery and 'alt="L&#x27;entrée du télécentre"' in gallery
    assert 'width="64" height="48"' in gallery
    assert gallery.count('loading="lazy"') == 1  # the first one is not delayed


def test_the_first_of_the_month_is_written_premier_in_the_week_and_now(client, place, at):
    at(2027, 1, 1, 10, 0)

    page = text(client.get(place.get_absolute_url()))

    assert "(vendredi 1er janvier, 10:00, heure de Paris)" in page
    assert "Vendredi 1er janvier aujourd'hui jour férié Fermé" in page
    assert "du lundi 28 décembre au dimanche 3 janvier 2027" in page
