"""Files on disk that no row names any more: listed, and deleted with --wet-run.

Where they come from: an upload whose transaction rolled back after the file was written, a crash between a row's
deletion and its file's, a file field changed by QuerySet.update. Rows and files are matched through the app registry
(every FileField and ImageField of every model, solozere.core.files), never a list kept by hand."""

import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from solozere.core.commands import PeriodicCommand
from solozere.core.files import referenced_paths
from solozere.core.private_storage import private_root

# A file younger than this may be an upload whose row is not committed yet.
DEFAULT_GRACE_MINUTES = 60


def media_roots() -> list[Path]:
    roots = []
    for root in (Path(settings.MEDIA_ROOT), private_root()):
        resolved = root.resolve()
        if resolved not in roots:
            roots.append(resolved)
    return roots


def orphan_files(*, grace_seconds: float, now: float | None = None) -> list[Path]:
    """Files under MEDIA_ROOT and the private root that no row names, older than the grace period."""
    referenced = referenced_paths()
    roots = media_roots()
    limit = (time.time() if now is None else now) - grace_seconds
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        for folder, subfolders, names in os.walk(root):
            # A root nested in another (PRIVATE_MEDIA_ROOT inside MEDIA_ROOT) is walked once, as itself.
            subfolders[:] = [name for name in subfolders if (Path(folder) / name).resolve() not in roots]
            for name in names:
                raw = Path(folder) / name
                if raw.is_symlink():  # never followed, never deleted: not ours
                    continue
                path = raw.resolve()
                if path in referenced:
                    continue
                try:
                    if path.stat().st_mtime > limit:
                        continue
                except FileNotFoundError:
                    continue
                found.append(path)
    return sorted(found)


class Command(PeriodicCommand):
    help = (
        "Liste les fichiers (médias publics et fichiers privés) qu'aucune ligne de la base ne référence. "
        "Sans --wet-run, n'efface rien."
    )

    takes_today = False

    def add_more_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=DEFAULT_GRACE_MINUTES,
            help=f"Ignorer les fichiers plus récents (envoi en cours) ; {DEFAULT_GRACE_MINUTES} par défaut.",
        )

    def run(self, *, wet_run: bool, **options: Any) -> None:
        wet = wet_run
        orphans = orphan_files(grace_seconds=max(0, options["grace_minutes"]) * 60)
        total = 0
        for path in orphans:
            size = path.stat().st_size
            total += size
            self.line(f"{'effacé' if wet else 'orphelin'} : {path} ({size} octets)")
            if wet:
                path.unlink(missing_ok=True)
        verb = "effacé(s)" if wet else "orphelin(s)"
        self.summary(f"{len(orphans)} fichier(s) {verb}, {total} octets.")
