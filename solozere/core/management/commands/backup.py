from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solozere.core.backup import ENGINE_NAMES, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (copie en ligne SQLite ou pg_dump) et les fichiers (médias publics et "
        "fichiers privés) dans une archive solozere-AAAAMMJJ-HHMMSS.tar lisible par son seul propriétaire (0600), "
        "avec un manifest.json (migrations, lignes par table, sha256 de chaque fichier). À planifier chaque nuit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Dossier des archives (par défaut le réglage BACKUP_DIR, var/backups).",
        )
        parser.add_argument(
            "--keep", type=int, default=None, help="Ne garder que les N archives les plus récentes du dossier."
        )

    def handle(self, *args: Any, output: Path | None, keep: int | None, **options: Any) -> None:
        try:
            report = backup_create(output_dir=output or Path(settings.BACKUP_DIR), keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.tables.values())
        self.stdout.write(f"Base {ENGINE_NAMES[report.engine]} : {len(report.tables)} tables, {rows} lignes.")
        self.stdout.write(
            f"Fichiers : {report.file_counts['media']} média(s) public(s), {report.file_counts['private']} "
            "fichier(s) privé(s)."
        )
        for path in report.removed:
            self.stdout.write(f"Ancienne archive supprimée (--keep {keep}) : {path.name}")
        self.stdout.write(
            self.style.SUCCESS(f"Sauvegarde écrite : {report.archive} ({report.size / 1_000_000:.1f} Mo).")
        )
