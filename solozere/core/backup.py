"""Backups of the whole site in one archive, and their restoration (manage.py backup / restore).

An archive is a plain tar, written 0600: the database (`database.sqlite3`, a copy made by SQLite's online backup
API, or `database.pgdump`, a `pg_dump --format=custom`), the public media under `media/`, the private files under
`private/`, and `manifest.json` last: date, engine, applied migrations, row count of every table and the sha256
of every file. The counts are taken from the copy itself (the SQLite file once written, or the very PostgreSQL
snapshot that pg_dump reads), so that they match the dump even while the site keeps writing.

PostgreSQL client programs get the connection through PG* environment variables (the password in PGPASSWORD),
never on their command line, where any local user could read it."""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from solozere.core.private_storage import private_root

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_NAME = re.compile(r"^solozere-(\d{8}-\d{6})(?:-(\d+))?\.tar$")
# Rows that `migrate` itself writes into a new database: a database holding only these is still "empty".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restoration that cannot go on; the message is French and meant for the operator."""


@dataclass
class BackupReport:
    archive: Path
    engine: str
    tables: dict[str, int]
    file_counts: dict[str, int]
    size: int
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreReport:
    engine: str
    tables: dict[str, int]
    file_counts: dict[str, int]
    mismatched_tables: dict[str, tuple[int, int | None]]
    bad_files: list[str]
    extra_files: int
    migrations_to_apply: int
    unknown_migrations: list[str]


# --- Shared helpers -------------------------------------------------------------------------------------------------


def _engine(db: BaseDatabaseWrapper = connection) -> str:
    if db.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Moteur de base de données non pris en charge : {db.vendor} (SQLite ou PostgreSQL).")
    return db.vendor


def _roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


def _walk(root: Path) -> Iterator[tuple[str, Path]]:
    """(posix path relative to root, path) of every regular file under root, sorted; symlinks are not followed."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _pg_env(db: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment of pg_dump / pg_restore: the connection of settings.DATABASES, nothing on the command line."""
    conf = db.settings_dict
    env = dict(os.environ)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGSSLMODE"):
        env.pop(key, None)
    values = {
        "PGHOST": conf.get("HOST"),
        "PGPORT": conf.get("PORT"),
        "PGUSER": conf.get("USER"),
        "PGPASSWORD": conf.get("PASSWORD"),
        "PGDATABASE": conf.get("NAME"),
    }
    options = conf.get("OPTIONS") or {}
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ]:
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    env["PGAPPNAME"] = "solozere-backup"
    return env


def _pg_program(name: str, db: BaseDatabaseWrapper) -> str:
    """The path of pg_dump / pg_restore, refused when older than the server (it would fail, or miss objects)."""
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} est introuvable : installez le paquet Debian postgresql-client "
            "(de la même version majeure que le serveur PostgreSQL)."
        )
    output = subprocess.run([program, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    client = int(found.group(1)) if found else 0
    db.ensure_connection()
    server = db.pg_version // 10000  # type: ignore[attr-defined]
    if client < server:
        raise BackupError(
            f"{name} {client} est plus ancien que le serveur PostgreSQL {server} : installez "
            f"postgresql-client-{server} (ou plus récent) et mettez-le en premier dans le PATH."
        )
    return program


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} a échoué (code {result.returncode}) : " + " / ".join(detail[-5:]))


def _count_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names come from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any, tables: list[str]) -> list[str]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [row[0] for row in cursor.fetchall()]


def database_counts(db: BaseDatabaseWrapper = connection) -> dict[str, int]:
    """Rows per table of the database Django is connected to."""
    with db.cursor() as cursor:
        tables = db.introspection.table_names(cursor)
        return _count_rows(cursor, tables, db.ops.quote_name)


# --- Backup ---------------------------------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> tuple[dict[str, int], list[str]]:
    """SQLite's online backup API: a consistent copy page by page, taken while the site runs (WAL)."""
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        cursor = copy.cursor()
        cursor.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = _sqlite_tables(cursor)
        return _count_rows(cursor, tables, _sqlite_quote), _migrations(cursor, tables)
    finally:
        copy.close()


def _dump_postgresql(target: Path) -> tuple[dict[str, int], list[str]]:
    """pg_dump reads the snapshot exported by a REPEATABLE READ transaction that also counts the rows."""
    program = _pg_program("pg_dump", connection)
    reader = connection.copy()
    try:
        reader.ensure_connection()
        with reader.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = reader.introspection.table_names(cursor)
            counts = _count_rows(cursor, tables, reader.ops.quote_name)
            migrations = _migrations(cursor, tables)
            _run(
                [program, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                _pg_env(connection),
                "pg_dump",
            )
            cursor.execute("COMMIT")
    finally:
        reader.close()
    return counts, migrations


def _archive_path(output_dir: Path, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = output_dir / f"solozere-{stamp}.tar"
    number = 1
    while path.exists():
        path = output_dir / f"solozere-{stamp}-{number}.tar"
        number += 1
    return path


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    stat = path.stat()
    info = tarfile.TarInfo(name)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o600
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    return {"path": name, "size": stat.st_size, "sha256": reader.digest.hexdigest()}


def rotate(output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of output_dir (only files named like ours)."""
    found = []
    for path in output_dir.iterdir():
        match = ARCHIVE_NAME.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 0)), path))
    found.sort(reverse=True)
    removed = [path for _key, path in found[keep:]]
    for path in removed:
        path.unlink()
    return removed


def backup_create(*, output_dir: Path, keep: int | None = None) -> BackupReport:
    """Write one archive of the database and of every file into output_dir (created 0700), 0600."""
    engine = _engine()
    if keep is not None and keep < 1:
        raise BackupError("--keep doit valoir au moins 1 (sinon la sauvegarde qui vient d'être faite serait effacée).")
    for prefix, root in _roots().items():
        if output_dir.resolve().is_relative_to(root.resolve()):
            raise BackupError(
                f"Le dossier des sauvegardes ({output_dir}) est dans celui des fichiers "
                f"{'publics' if prefix == 'media' else 'privés'} ({root}) : les archives seraient sauvegardées "
                "dans les archives suivantes, ou servies sous /media/. Choisissez un autre dossier (BACKUP_DIR)."
            )
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.now()
    archive_path = _archive_path(output_dir, timezone.localtime(now))
    partial = archive_path.with_name(f".{archive_path.name}.partial")
    with tempfile.TemporaryDirectory(prefix=".solozere-backup-", dir=output_dir) as work:
        dump = Path(work) / DATABASE_MEMBER[engine]
        tables, migrations = _dump_sqlite(dump) if engine == "sqlite" else _dump_postgresql(dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
            ):
                database = _add_file(tar, DATABASE_MEMBER[engine], dump)
                files = []
                file_counts = {}
                for prefix, root in _roots().items():
                    entries = [_add_file(tar, f"{prefix}/{relative}", path) for relative, path in _walk(root)]
                    file_counts[prefix] = len(entries)
                    files.extend(entries)
                manifest = {
                    "format": FORMAT,
                    "application": "SoLozère",
                    "created_at": now.isoformat(),
                    "engine": engine,
                    "database": database,
                    "migrations": migrations,
                    "tables": tables,
                    "file_counts": file_counts,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add_bytes(tar, MANIFEST, data, now.timestamp())
            os.replace(partial, archive_path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    removed = rotate(output_dir, keep) if keep else []
    return BackupReport(
        archive=archive_path,
        engine=engine,
        tables=tables,
        file_counts=file_counts,
        size=archive_path.stat().st_size,
        removed=removed,
    )


# --- Restore --------------------------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        if handle is None:
            raise KeyError(MANIFEST)
        manifest = json.loads(handle.read())
    except KeyError as error:
        raise BackupError(
            "L'archive ne contient pas de manifest.json : ce n'est pas une sauvegarde SoLozère."
        ) from error
    except ValueError as error:
        raise BackupError(f"Le manifest.json de l'archive est illisible : {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"Format de sauvegarde inconnu ({manifest.get('format') if isinstance(manifest, dict) else '?'}) : "
            f"cette version de SoLozère lit le format {FORMAT}."
        )
    return manifest


def _check_engine(manifest: dict[str, Any], engine: str) -> None:
    source = manifest.get("engine")
    if source == engine:
        return
    if source not in ENGINE_NAMES:
        raise BackupError(f"Le manifest indique un moteur inconnu : {source!r}.")
    if source == "postgresql":
        raise BackupError(
            "Cette archive contient une sauvegarde PostgreSQL (pg_dump) : elle ne peut pas être restaurée dans une "
            "base SQLite. Restaurez-la dans une base PostgreSQL vide (DATABASE_URL=postgres://…)."
        )
    raise BackupError(
        "Cette archive contient une base SQLite : elle ne peut pas être restaurée dans une base PostgreSQL. "
        "Restaurez-la dans un fichier SQLite (sans DATABASE_URL, avec SQLITE_PATH)."
    )


def _expected_members(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Archive member name → its manifest entry, with names checked: no path may leave its folder."""
    database = manifest["database"]
    expected = {database["path"]: database}
    for entry in manifest["files"]:
        name = entry["path"]
        parts = PurePosixPath(name).parts
        if len(parts) < 2 or parts[0] not in ("media", "private") or ".." in parts or name.startswith("/"):
            raise BackupError(f"Nom de fichier refusé dans l'archive : {name}.")
        expected[name] = entry
    if database["path"] != DATABASE_MEMBER[manifest["engine"]]:
        raise BackupError(f"Nom de la base inattendu dans l'archive : {database['path']}.")
    return expected


def _verify_archive(archive: tarfile.TarFile, expected: dict[str, dict[str, Any]]) -> None:
    """Every member is a regular file listed in the manifest, with the listed sha256; nothing is missing."""
    seen = set()
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile():
            raise BackupError(f"L'archive contient « {member.name} », absent du manifest : archive refusée.")
        handle = archive.extractfile(member)
        digest = hashlib.sha256()
        while handle is not None and (chunk := handle.read(CHUNK)):
            digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"Somme de contrôle (sha256) différente pour « {member.name} » : l'archive est abîmée ou a été "
                "modifiée. Rien n'a été restauré."
            )
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"{len(missing)} fichier(s) du manifest manquent dans l'archive (dont « {missing[0]} ») : rien n'a été restauré."
        )


def _database_content() -> tuple[int, int]:
    """(tables, rows outside migrate's own bookkeeping) of the target database."""
    counts = database_counts()
    cache_tables = {
        str(cache["LOCATION"]) for cache in settings.CACHES.values() if cache["BACKEND"].endswith(".DatabaseCache")
    }
    ignored = BOOKKEEPING_TABLES | cache_tables
    return len(counts), sum(rows for table, rows in counts.items() if table not in ignored)


def _extract(archive: tarfile.TarFile, name: str, target: Path, mode: int) -> None:
    handle = archive.extractfile(name)
    if handle is None:
        raise BackupError(f"« {name} » n'est pas un fichier.")
    directory_mode = 0o700 if mode == 0o600 else 0o755
    for directory in reversed([target.parent, *target.parent.parents]):
        if not directory.exists():
            directory.mkdir(mode=directory_mode)
    temporary = target.with_name(f".{target.name}.restoring")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as out:
        os.fchmod(out.fileno(), mode)
        shutil.copyfileobj(handle, out, CHUNK)
    os.replace(temporary, target)


def _restore_sqlite(dump: Path) -> None:
    """The backup API the other way: the copy replaces the whole content of the target database."""
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(dump: Path, replace: bool) -> None:
    program = _pg_program("pg_restore", connection)
    if replace:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            if tables:
                names = ", ".join(connection.ops.quote_name(table) for table in tables)
                cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
    name = connection.settings_dict["NAME"]
    connection.close()
    _run(
        [
            program,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ],
        _pg_env(connection),
        "pg_restore",
    )


def _migration_gap(manifest: dict[str, Any]) -> tuple[int, list[str]]:
    """(migrations of the code not in the backup, migrations of the backup the code does not know)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    saved = set(manifest.get("migrations", []))
    return len(known - saved), sorted(saved - known)


def backup_restore(*, archive_path: Path, force: bool = False) -> RestoreReport:
    """Check the archive entirely, then restore the database, then the files, then count everything again."""
    engine = _engine()
    try:
        archive = tarfile.open(archive_path, mode="r:")  # noqa: SIM115 - closed by the with block below
    except FileNotFoundError as error:
        raise BackupError(f"Archive introuvable : {archive_path}.") from error
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} n'est pas une archive tar lisible : {error}.") from error
    with archive:
        manifest = read_manifest(archive)
        _check_engine(manifest, engine)
        expected = _expected_members(manifest)
        _verify_archive(archive, expected)

        tables, rows = _database_content()
        roots = _roots()
        present = {prefix: sum(1 for _ in _walk(root)) for prefix, root in roots.items()}
        if not force:
            if rows:
                raise BackupError(
                    f"La base de données cible n'est pas vide ({tables} tables, {rows} lignes) : la restauration "
                    "remplacerait tout son contenu. Relancez avec --force si c'est bien ce que vous voulez."
                )
            for prefix, count in present.items():
                if count:
                    raise BackupError(
                        f"Le dossier {roots[prefix]} contient déjà {count} fichier(s) : la restauration pourrait "
                        "les écraser. Relancez avec --force si c'est bien ce que vous voulez."
                    )

        with tempfile.TemporaryDirectory(prefix="solozere-restore-") as work:
            dump = Path(work) / manifest["database"]["path"]
            _extract(archive, manifest["database"]["path"], dump, 0o600)
            if engine == "sqlite":
                _restore_sqlite(dump)
            else:
                _restore_postgresql(dump, replace=tables > 0)

        for entry in manifest["files"]:
            prefix, relative = entry["path"].split("/", 1)
            target = roots[prefix] / relative
            _extract(archive, entry["path"], target, 0o600 if prefix == "private" else 0o644)

    restored = database_counts()
    mismatched = {
        table: (count, restored.get(table))
        for table, count in manifest["tables"].items()
        if restored.get(table) != count
    }
    bad_files = [
        entry["path"]
        for entry in manifest["files"]
        if not (path := roots[entry["path"].split("/", 1)[0]] / entry["path"].split("/", 1)[1]).is_file()
        or sha256_file(path) != entry["sha256"]
    ]
    listed = {entry["path"] for entry in manifest["files"]}
    on_disk = {f"{prefix}/{relative}" for prefix, root in roots.items() for relative, _path in _walk(root)}
    file_counts = {prefix: sum(1 for name in on_disk & listed if name.startswith(f"{prefix}/")) for prefix in roots}
    to_apply, unknown = _migration_gap(manifest)
    return RestoreReport(
        engine=engine,
        tables=restored,
        file_counts=file_counts,
        mismatched_tables=mismatched,
        bad_files=bad_files,
        extra_files=len(on_disk - listed),
        migrations_to_apply=to_apply,
        unknown_migrations=unknown,
    )
