"""Use cases on places: each writes what changed, who changed it and when."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from solozere.core.audit import entries_for
from solozere.core.models import AuditLogEntry
from solozere.places import services
from solozere.places.models import NetworkStatus, Place, PlacePhoto
from tests.accounts.factories import UserFactory
from tests.places.factories import PlaceFactory, commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(territory):
    return PlaceFactory(name="Comptoir de Marvejols", commune=commune("48092"))


@pytest.fixture
def actor():
    return UserFactory(staff=True)


def photo_upload(size=(2000, 1500), fmt="JPEG", name="photo.jpg"):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 180, 120)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_place_create_writes_a_first_status_row_and_a_creation_entry(territory, actor):
    place = services.place_create(
        actor=actor, name="Télécentre de Fournels", kind="telecentre", status="open", commune=commune("48063")
    )
    assert place.slug == "telecentre-de-fournels"
    assert place.location_is_approximate
    assert place.status_history.get().actor == actor
    [entry] = entries_for(place)
    assert entry.action == AuditLogEntry.Action.CREATE
    assert entry.changes["name"] == [None, "Télécentre de Fournels"]


def test_place_create_gives_a_unique_slug_to_a_homonym(place, actor):
    twin = services.place_create(actor=actor, name=place.name, kind="comptoir", commune=place.commune)
    assert twin.slug == f"{place.slug}-2"


def test_place_update_logs_only_what_changed(place, actor):
    changes = services.place_update(actor=actor, place=place, data={"desks": 6, "name": place.name}, message="Visite")
    assert changes == {"desks": [None, 6]}
    entry = entries_for(place).first()
    assert (entry.actor, entry.message, entry.changes) == (actor, "Visite", {"desks": [None, 6]})


def test_place_update_without_change_writes_nothing(place, actor):
    before = entries_for(place).count()
    assert services.place_update(actor=actor, place=place, data={"name": place.name}) == {}
    assert entries_for(place).count() == before


def test_place_update_refuses_invalid_data_and_changes_nothing(place, actor):
    with pytest.raises(ValidationError):
        services.place_update(actor=actor, place=place, data={"latitude": 123.0})
    place.refresh_from_db()
    assert place.latitude != 123.0
    assert entries_for(place).count() == 1


def test_place_set_status_is_logged_once_by_its_history_row(place, actor):
    before = entries_for(place).count()
    change = services.place_set_status(
        actor=actor, place=place, status=NetworkStatus.MEMBER, date=dt.date(2026, 1, 15), note="Charte signée"
    )
    assert place.status == NetworkStatus.MEMBER
    assert (change.date, change.note, change.actor) == (dt.date(2026, 1, 15), "Charte signée", actor)
    # The history row is the log of a change of status: no audit-log row besides (ADR 0007).
    assert place.status_history.first() == change
    assert entries_for(place).count() == before


def test_place_set_managers_logs_who_was_added_and_removed(place, actor):
    anne, bruno = UserFactory(email="anne@example.org"), UserFactory(email="bruno@example.org")
    services.place_set_managers(actor=actor, place=place, managers=[anne])
    changes = services.place_set_managers(actor=actor, place=place, managers=[bruno])
    assert changes == {"managers": [["anne@example.org"], ["bruno@example.org"]]}
    assert list(place.managers.all()) == [bruno]
    assert services.place_set_managers(actor=actor, place=place, managers=[bruno]) == {}


def test_place_status_history_add_keeps_the_current_status(place, actor):
    row = services.place_status_history_add(
        actor=actor, place=place, status=NetworkStatus.PLANNED, date_text="2012", note="Appel à projets"
    )
    place.refresh_from_db()
    assert place.status == NetworkStatus.OPEN
    assert row.actor == actor
    assert entries_for(place).first().changes == {"status_history": [None, "Ouverture prévue (2012)"]}


def test_place_status_history_add_refuses_an_unknown_status(place, actor):
    with pytest.raises(ValidationError):
        services.place_status_history_add(actor=actor, place=place, status="inventé")


def test_place_photo_add_resizes_strips_and_logs(place, actor):
    photo = services.place_photo_add(
        actor=actor, place=place, image_file=photo_upload(), alt_text="  La salle de réunion  "
    )
    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.alt_text == "La salle de réunion"
    assert photo.image.name.startswith(f"places/{place.pk}/") and photo.image.name.endswith(".jpg")
    with default_storage.open(photo.image.name) as stored, Image.open(stored) as image:
        assert image.size == (1600, 1200)
        assert not image.getexif()
    entry = entries_for(place).first()
    assert (entry.actor, entry.changes) == (actor, {"photos": [None, "La salle de réunion"]})


def test_place_photo_add_puts_new_photos_last(place, actor):
    first = services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="Un")
    second = services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="Deux")
    assert (first.position, second.position) == (0, 1)


def test_place_photo_add_refuses_a_text_file_in_french_and_stores_nothing(place, actor):
    upload = SimpleUploadedFile("photo.jpg", b"Ceci est un texte.", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.place_photo_add(actor=actor, place=place, image_file=upload, alt_text="Texte")
    assert "n'est pas une image" in error.value.messages[0]
    assert not PlacePhoto.objects.exists()
    assert not default_storage.exists(f"places/{place.pk}")


def test_place_photo_add_requires_a_description(place, actor):
    with pytest.raises(ValidationError) as error:
        services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="   ")
    assert "alt_text" in error.value.message_dict
    assert not PlacePhoto.objects.exists()


def test_place_photo_update_and_remove_are_logged_and_the_file_goes(place, actor, django_capture_on_commit_callbacks):
    photo = services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="Avant")
    name = photo.image.name

    assert services.place_photo_update(actor=actor, photo=photo, data={"alt_text": "Après"}) == {
        "photo_alt_text": ["Avant", "Après"]
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.place_photo_remove(actor=actor, photo=photo)

    assert not PlacePhoto.objects.exists()
    assert not default_storage.exists(name)
    assert entries_for(place).first().changes == {"photos": ["Après", None]}


def test_place_photo_update_refuses_other_fields(place, actor):
    photo = services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="A")
    with pytest.raises(ValueError, match="not editable"):
        services.place_photo_update(actor=actor, photo=photo, data={"width": 1})


def test_place_delete_logs_what_the_place_was_and_removes_its_photos(place, actor, django_capture_on_commit_callbacks):
    photo = services.place_photo_add(actor=actor, place=place, image_file=photo_upload((300, 200)), alt_text="A")
    pk, name = place.pk, photo.image.name

    with django_capture_on_commit_callbacks(execute=True):
        services.place_delete(actor=actor, place=place, message="Doublon")

    assert not Place.objects.filter(pk=pk).exists()
    assert not default_storage.exists(name)
    entry = AuditLogEntry.objects.filter(object_id=str(pk)).first()
    assert (entry.action, entry.actor, entry.message) == (AuditLogEntry.Action.DELETE, actor, "Doublon")
    assert entry.changes["name"] == ["Comptoir de Marvejols", None]


def test_an_anonymous_actor_is_logged_as_the_system(place):
    services.place_update(actor=None, place=place, data={"desks": 2})
    assert entries_for(place).first().actor is None
