from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from solozere.core.backup import ENGINE_NAMES, BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restaure une archive de « manage.py backup » : vérifie d'abord son manifest et la somme sha256 de chaque "
        "fichier, puis restaure la base, puis les fichiers, puis recompte lignes et fichiers. Refuse une base "
        "ou des dossiers de fichiers qui ne sont pas vides, sauf avec --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="L'archive solozere-AAAAMMJJ-HHMMSS.tar à restaurer.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer le contenu d'une base qui n'est pas vide et écraser les fichiers de même nom.",
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        try:
            report = backup_restore(archive_path=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.tables.values())
        self.stdout.write(f"Base {ENGINE_NAMES[report.engine]} restaurée : {len(report.tables)} tables, {rows} lignes.")
        self.stdout.write(
            f"Fichiers restaurés : {report.file_counts['media']} média(s) public(s), "
            f"{report.file_counts['private']} fichier(s) privé(s)."
        )
        if report.extra_files:
            self.stdout.write(
                f"{report.extra_files} fichier(s) déjà présent(s) et absent(s) de l'archive ont été laissés en place."
            )
        if report.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"La sauvegarde a {len(report.unknown_migrations)} migration(s) que ce code ne connaît pas "
                    f"(dont {report.unknown_migrations[0]}) : elle vient d'une version plus récente de SoLozère."
                )
            )
        if report.migrations_to_apply:
            self.stdout.write(
                f"Ce code a {report.migrations_to_apply} migration(s) de plus que la sauvegarde : "
                "lancez « manage.py migrate »."
            )
        problems = [
            f"table {table} : {expected} ligne(s) dans la sauvegarde, {found} après restauration"
            for table, (expected, found) in sorted(report.mismatched_tables.items())
        ] + [f"fichier absent ou différent : {name}" for name in report.bad_files]
        if problems:
            raise CommandError("La vérification a échoué :\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS("Vérification : lignes par table et fichiers (sha256) identiques au manifest.")
        )
