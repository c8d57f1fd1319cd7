from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from solozere.community.services import membership_renewal_reminders


class Command(BaseCommand):
    help = (
        "Rappelle aux membres que leur adhésion annuelle arrive à échéance. Sans --send, n'envoie rien et "
        "affiche qui serait prévenu. Peut être lancé deux fois : un rappel par échéance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Envoyer vraiment les e-mails.")
        parser.add_argument("--days", type=int, default=30, help="Prévenir ce nombre de jours avant l'échéance.")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Date du jour (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        dry_run = not options["send"]
        reminded = membership_renewal_reminders(today=today, days_before=options["days"], dry_run=dry_run)
        for membership in reminded:
            self.stdout.write(f"{membership} : échéance le {membership.valid_until:%d/%m/%Y}")
        verb = "seraient prévenus (essai : relancez avec --send)" if dry_run else "prévenus"
        self.stdout.write(self.style.SUCCESS(f"{len(reminded)} membre(s) {verb}."))
