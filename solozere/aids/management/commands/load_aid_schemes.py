from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from solozere.aids.services import ServiceError, aid_schemes_load


class Command(BaseCommand):
    help = (
        "Charge le dispositif d'aide au télétravail (3 000 €). Idempotent : ne touche pas à ce que l'équipe a modifié."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remet les données de référence, en écrasant les modifications de l'équipe.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = aid_schemes_load(reset=options["reset"])
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"Dispositifs d'aide : {report.created} créé(s), {report.updated} mis à jour, "
            f"{report.unchanged} inchangé(s) ; {report.categories_created} catégorie(s) de dépense créée(s)."
        )
