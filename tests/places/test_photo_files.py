"""Public media: a place photo's file goes when the photo is deleted or its image replaced, once committed."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from solozere.places.models import PlacePhoto
from solozere.places.services import place_photo_add
from tests.places.factories import PlaceFactory
from tests.places.test_services import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(territory):
    return place_photo_add(actor=None, place=PlaceFactory(), image_file=photo_upload((300, 200)), alt_text="Salle")


def test_a_deleted_photo_loses_its_file_once_committed(photo, on_commit):
    path = Path(photo.image.path)
    assert path.exists()
    with on_commit(execute=True):
        PlacePhoto.objects.get(pk=photo.pk).delete()
    assert not path.exists()


def test_a_replaced_image_loses_its_old_file(photo, on_commit):
    old = Path(photo.image.path)
    row = PlacePhoto.objects.get(pk=photo.pk)
    with on_commit(execute=True):
        row.image.save("nouvelle.jpg", ContentFile(old.read_bytes()), save=True)
    assert not old.exists()
    assert Path(row.image.path).exists()


def test_a_file_another_row_still_names_is_kept(photo, on_commit):
    path = Path(photo.image.path)
    PlacePhoto.objects.create(place=photo.place, image=photo.image.name, alt_text="Copie")
    with on_commit(execute=True):
        PlacePhoto.objects.get(pk=photo.pk).delete()
    assert path.exists()


def test_a_new_photo_does_not_delete_a_file_named_like_its_upload(territory, on_commit, settings):
    # The upload's own name ("photo.jpg") is not a stored file: saving the row must not delete one called so.
    bystander = Path(settings.MEDIA_ROOT) / "photo.jpg"
    bystander.parent.mkdir(parents=True, exist_ok=True)
    bystander.write_bytes(b"x")
    with on_commit(execute=True):
        place_photo_add(actor=None, place=PlaceFactory(), image_file=photo_upload((300, 200)), alt_text="Salle")
    assert bystander.exists()
