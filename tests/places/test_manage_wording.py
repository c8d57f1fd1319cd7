"""The words of a place's management pages (issue 9, item 6): the change log names a photo by its description,
never by its storage path, and the tri-state services say "Non renseigné" like the public page."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from solozere.places.services import place_photo_add, place_photo_remove
from tests.places.factories import comptoir_ready, tiny_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(manager, territory, charter_v1):  # type: ignore[no-untyped-def]
    place = comptoir_ready(name="Comptoir du Bleymard")
    place.managers.add(manager)
    return place


def test_the_change_log_names_a_photo_by_its_description_not_its_file(client, place, manager):
    photo = place_photo_add(
        actor=manager, place=place, image_file=SimpleUploadedFile("a.jpg", tiny_jpeg()), alt_text="La salle commune"
    )
    path = photo.image.name
    place_photo_remove(actor=manager, photo=photo)
    client.force_login(manager)
    text = html.unescape(client.get(reverse("places:manage", args=[place.slug])).content.decode())
    assert "Photo ajoutée : « La salle commune » (" in text
    assert " px)" in text
    assert "Photo retirée : « La salle commune »" in text
    assert path not in text
    assert f"places/{place.pk}/" not in text


def test_the_tri_state_services_say_non_renseigne(client, place, manager):
    client.force_login(manager)
    text = html.unescape(client.get(reverse("places:manage_edit", args=[place.slug])).content.decode())
    assert '<option value="unknown"' in text
    assert "Inconnu" not in text
    assert ">Non renseigné</option>" in text


def test_the_hours_page_breadcrumb_goes_through_gerer_like_the_other_management_pages(client, place, manager):
    client.force_login(manager)
    text = client.get(reverse("places:manage_hours", args=[place.slug])).content.decode()
    crumbs = text[text.index('class="breadcrumb"') : text.index("</nav>", text.index('class="breadcrumb"'))]
    assert f'href="{reverse("places:manage", args=[place.slug])}">Gérer</a>' in crumbs
