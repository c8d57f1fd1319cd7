"""Private files (the pieces of an application): 0600 in 0700 folders, gone with their row once committed, and the
orphans found by `remove_orphan_files` (dry run by default)."""

import os
import stat
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from solozere.aids import services
from solozere.aids.models import ApplicationDocument
from solozere.core.private_storage import private_root
from tests.aids.conftest import pdf
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def document(draft, applicant):
    return services.document_add(user=applicant, application=draft, kind="proof_of_address", upload=pdf())


def _path(document: ApplicationDocument) -> Path:
    return Path(document.file.path)


def test_a_private_file_is_0600_in_0700_folders(document):
    path = _path(document)
    assert _mode(path) == 0o600
    folder = path.parent
    while folder != private_root().parent:
        assert _mode(folder) == 0o700, folder
        folder = folder.parent


def test_the_file_goes_with_its_row_once_committed(document, on_commit):
    path = _path(document)
    with on_commit(execute=True):
        ApplicationDocument.objects.get(pk=document.pk).delete()
    assert not path.exists()


def test_a_rolled_back_deletion_keeps_the_file(document, on_commit):
    path = _path(document)
    with on_commit(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        ApplicationDocument.objects.get(pk=document.pk).delete()
        raise RuntimeError
    assert path.exists()
    assert ApplicationDocument.objects.filter(pk=document.pk).exists()


def test_the_files_go_when_their_application_is_deleted_by_cascade(document, draft, on_commit):
    path = _path(document)
    with on_commit(execute=True):
        type(draft).objects.filter(pk=draft.pk).delete()
    assert not path.exists()


def test_a_replaced_private_file_is_removed(document, on_commit):
    old = _path(document)
    row = ApplicationDocument.objects.get(pk=document.pk)
    with on_commit(execute=True):
        row.file.save("piece.pdf", ContentFile(old.read_bytes()), save=True)
    assert not old.exists()
    assert Path(row.file.path).exists()


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_remove_orphan_files_lists_then_deletes_only_old_unreferenced_files(document, settings, tmp_path):
    from solozere.places.services import place_photo_add
    from tests.places.test_services import photo_upload

    photo = place_photo_add(actor=None, place=PlaceFactory(), image_file=photo_upload((300, 200)), alt_text="Salle")
    kept = [_path(document), Path(photo.image.path)]
    orphan_private = private_root() / "aids" / "999" / "lost.pdf"
    orphan_public = Path(settings.MEDIA_ROOT) / "places" / "999" / "lost.jpg"
    in_flight = private_root() / "aids" / "999" / "uploading.pdf"
    for path in (orphan_private, orphan_public, in_flight):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    for path in (*kept, orphan_private, orphan_public):
        _age(path, 2 * 3600)

    from io import StringIO

    out = StringIO()
    call_command("remove_orphan_files", stdout=out)
    text = out.getvalue()
    assert str(orphan_private.resolve()) in text and str(orphan_public.resolve()) in text
    assert "2 fichier(s) orphelin(s)" in text and "--wet-run" in text
    assert str(in_flight.resolve()) not in text
    assert not any(str(path.resolve()) in text for path in kept)
    assert orphan_private.exists() and orphan_public.exists()  # a dry run by default

    call_command("remove_orphan_files", "--wet-run", stdout=StringIO())
    assert not orphan_private.exists() and not orphan_public.exists()
    assert in_flight.exists()  # younger than the grace period: an upload whose row may not be committed yet
    assert all(path.exists() for path in kept)
