"""manage.py backup / restore: a database with every kind of row and file, backed up, restored into an empty
database by another process (as an operator would, with its own settings), and found there whole.

The restoration runs in a subprocess pointed at a new SQLite file or a new PostgreSQL database (created for the
test, beside the worker's test database, and dropped after), with new media folders."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from solozere.accounts.models import User
from solozere.aids.models import ApplicationDocument, ExpenseLine
from solozere.charter.models import MembershipEvidence, PlaceMembership
from solozere.community.models import ContactMessage, Membership, MembershipPeriod, Report
from solozere.core.backup import database_counts
from solozere.core.models import AuditLogEntry
from solozere.places.models import Place, PlacePhoto
from solozere.places.services import place_photo_add
from solozere.territory.models import Commune
from tests.accounts.factories import UserFactory
from tests.aids.factories import AidApplicationFactory, DocumentFactory, ExpenseLineFactory
from tests.community.factories import ContactMessageFactory, MembershipFactory, ReportFactory
from tests.places.factories import PlaceFactory, member_place, tiny_jpeg

# Tables that must hold rows in the database backed up, so that "every row is back" means something.
MUST_HAVE_ROWS = [
    User,
    Commune,
    Place,
    PlacePhoto,
    PlaceMembership,
    MembershipEvidence,
    Membership,
    MembershipPeriod,
    ContactMessage,
    Report,
    ExpenseLine,
    ApplicationDocument,
    AuditLogEntry,
]


def _hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _fill(staff: User) -> None:
    """Rows of every app, through the project's factories and services, with real files."""
    manager = UserFactory(first_name="Jeanne")
    place = PlaceFactory(complete=True)
    place.managers.add(manager)
    place_photo_add(actor=manager, place=place, image_file=SimpleUploadedFile("a.jpg", tiny_jpeg()), alt_text="Salle")
    member_place(manager, staff, name="Comptoir de Florac")  # adhesion with photo and document evidence, approved
    member = MembershipFactory(approved=True, listed=True, skills=["Cartographie"])
    ContactMessageFactory(sender=member.user)
    ReportFactory()
    application = AidApplicationFactory(submitted=True)
    ExpenseLineFactory(application=application)
    DocumentFactory(application=application)
    UserFactory(superuser=True)
    Client().force_login(member.user)  # a session row


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a process whose database is new and empty (a file, or a database on the server)."""
    env = {key: value for key, value in os.environ.items() if key not in {"TEST_DATABASE_NAME", "DATABASE_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
    }
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(tmp_path / "restored.sqlite3")
        yield env
        return
    conf = connection.settings_dict
    name = f"{conf['NAME']}_restored"  # the test database's name is already unique per xdist worker
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')  # template1 may be in use by a worker
    env["DATABASE_URL"] = f"postgres://{conf['USER']}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"
    env["RESTORED_NAME"] = name
    try:
        yield env
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _target_counts(env: dict[str, str], delete_from: str = "") -> dict[str, int]:
    """Rows per table of the restored database, read through a plain driver connection (after deleting every row
    of `delete_from`, when given)."""
    if "SQLITE_PATH" in env:
        with sqlite3.connect(env["SQLITE_PATH"]) as db:
            if delete_from:
                db.execute(f'DELETE FROM "{delete_from}"')  # noqa: S608
            names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {
                name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
                for name in names
                if not name.startswith("sqlite_")
            }
    import psycopg

    conf = connection.settings_dict
    with psycopg.connect(
        dbname=env["RESTORED_NAME"], user=conf["USER"], host=conf["HOST"] or "127.0.0.1", port=conf["PORT"] or 5432
    ) as db:
        if delete_from:
            db.execute(f'DELETE FROM "{delete_from}"')  # noqa: S608
        names = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def _rewrite(archive: Path, copy: Path, change: Any) -> None:
    """A copy of the archive where change(name, data, manifest) may alter each member."""
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as out:
        manifest = json.loads(source.extractfile("manifest.json").read())  # type: ignore[union-attr]
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            name, data = change(member.name, data, manifest)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def _restore(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(
    territory, charter_v1, staff_user, tmp_path, settings, target
):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    _fill(staff_user)
    source_counts = database_counts()
    for model in MUST_HAVE_ROWS:
        assert source_counts[model._meta.db_table] > 0, model._meta.db_table
    media, private = _hashes(Path(settings.MEDIA_ROOT)), _hashes(tmp_path / "private")
    assert any(name.startswith("places/") for name in media)
    assert any(name.startswith("aids/") for name in private)
    assert any(name.startswith("places-evidence/") for name in private)  # the adhesion's photo

    output = tmp_path / "backups"
    output.mkdir()
    old = ["solozere-20250101-030000.tar", "solozere-20250102-030000.tar", "solozere-20250103-030000.tar"]
    for name in [*old, "notes.txt"]:
        (output / name).write_bytes(b"old")
    out = io.StringIO()
    call_command("backup", "--output", str(output), "--keep", "2", stdout=out)

    new = [path for path in output.glob("solozere-*.tar") if path.name not in old]
    assert len(new) == 1, new
    archive = new[0]
    assert sorted(path.name for path in output.iterdir()) == sorted([archive.name, old[-1], "notes.txt"])
    assert archive.stat().st_mode & 0o777 == 0o600
    assert f"Sauvegarde écrite : {archive}" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == source_counts
    assert manifest["file_counts"] == {"media": len(media), "private": len(private)}
    assert names == {"manifest.json", manifest["database"]["path"]} | {f"media/{n}" for n in media} | {
        f"private/{n}" for n in private
    }
    assert "charter.0001_initial" in manifest["migrations"]

    # The running database is not empty: restoring into it is refused, in French.
    with pytest.raises(CommandError, match="La base de données cible n'est pas vide"):
        call_command("restore", str(archive), stdout=io.StringIO())

    restored = _restore(target, str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "Vérification : lignes par table et fichiers (sha256) identiques au manifest." in restored.stdout
    assert _target_counts(target) == source_counts
    assert _hashes(Path(target["MEDIA_ROOT"])) == media
    assert _hashes(Path(target["PRIVATE_MEDIA_ROOT"])) == private
    assert all(
        path.stat().st_mode & 0o777 == 0o600 for path in Path(target["PRIVATE_MEDIA_ROOT"]).rglob("*") if path.is_file()
    )

    # --force replaces the content of a database that is not empty.
    audit = AuditLogEntry._meta.db_table
    assert _target_counts(target, delete_from=audit)[audit] == 0
    forced = _restore(target, str(archive), "--force")

    assert forced.returncode == 0, forced.stderr
    assert _target_counts(target) == source_counts

    # A damaged archive is refused before anything is touched.
    first = next(n for n in sorted(names) if n.startswith("private/"))
    damaged = tmp_path / "damaged.tar"
    _rewrite(archive, damaged, lambda name, data, _m: (name, data + b"x" if name == first else data))
    with pytest.raises(CommandError, match=f"Somme de contrôle \\(sha256\\) différente pour « {first} »"):
        call_command("restore", str(damaged), stdout=io.StringIO())


def _other_engine(name: str, data: bytes, manifest: dict[str, Any]) -> tuple[str, bytes]:
    other = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    path = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    if name == "manifest.json":
        manifest = manifest | {"engine": other, "database": manifest["database"] | {"path": path}}
        return name, json.dumps(manifest).encode()
    if name == manifest["database"]["path"]:
        return path, data
    return name, data


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_the_other_engine_is_refused_with_a_clear_message(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    call_command("backup", "--output", str(tmp_path / "b"), stdout=io.StringIO())
    archive = next((tmp_path / "b").glob("*.tar"))
    other = tmp_path / "other.tar"
    _rewrite(archive, other, _other_engine)

    with pytest.raises(CommandError) as raised:
        call_command("restore", str(other), "--force", stdout=io.StringIO())

    if connection.vendor == "sqlite":
        assert "sauvegarde PostgreSQL (pg_dump) : elle ne peut pas être restaurée dans une base SQLite" in str(
            raised.value
        )
    else:
        assert "contient une base SQLite : elle ne peut pas être restaurée dans une base PostgreSQL" in str(
            raised.value
        )


def test_restore_of_a_file_that_is_not_an_archive_says_so(tmp_path):
    text = tmp_path / "notes.tar"
    text.write_text("pas une archive")

    with pytest.raises(CommandError, match="n'est pas une archive tar lisible"):
        call_command("restore", str(text), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Archive introuvable"):
        call_command("restore", str(tmp_path / "absente.tar"), stdout=io.StringIO())


def test_backups_are_never_written_among_the_files_they_save(settings, tmp_path):
    inside = Path(settings.MEDIA_ROOT) / "sauvegardes"

    with pytest.raises(CommandError, match="est dans celui des fichiers publics"):
        call_command("backup", "--output", str(inside), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--keep doit valoir au moins 1"):
        call_command("backup", "--output", str(tmp_path / "b"), "--keep", "0", stdout=io.StringIO())
    assert not inside.exists()
