from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from solozere.territory.services import territory_import


class Command(BaseCommand):
    help = "Charge les communes de Lozère, les EPCI et les quatre cantons de 2014 (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=settings.TERRITORY_DATA_DIR)

    def handle(self, *args: object, data_dir: Path, **options: object) -> None:
        report = territory_import(data_dir=data_dir)
        self.stdout.write(
            self.style.SUCCESS(
                f"Communes : {report.created} créées, {report.updated} mises à jour, "
                f"{report.unchanged} inchangées ; {report.zones} zones."
            )
        )
