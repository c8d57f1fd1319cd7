from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from solozere.aids.services import drafts_purge, stale_drafts


class Command(BaseCommand):
    help = (
        "Supprime les demandes d'aide jamais déposées (brouillons) restées sans modification depuis "
        "AIDS_DRAFT_RETENTION_DAYS jours, avec leurs pièces. Sans --wet-run, liste seulement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wet-run", action="store_true", help="Supprimer vraiment.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.AIDS_DRAFT_RETENTION_DAYS
        if not options["wet_run"]:
            drafts = list(stale_drafts().select_related("company"))
            for application in drafts:
                self.stdout.write(
                    f"{application.reference} — {application.company.name} — modifiée le "
                    f"{application.updated_at:%d/%m/%Y}"
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"(essai) {len(drafts)} brouillon(s) sans modification depuis {days} jours à supprimer ; "
                    "relancez avec --wet-run pour les supprimer."
                )
            )
            return
        count = drafts_purge()
        self.stdout.write(
            self.style.SUCCESS(f"{count} brouillon(s) sans modification depuis {days} jours supprimé(s).")
        )
