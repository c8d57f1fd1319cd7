from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from solozere.community.services import community_data_purge


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation annoncées (demandes refusées, adhésions échues, messages, "
        "signalements). Sans --apply, compte seulement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Supprimer vraiment.")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="Date du jour (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        report = community_data_purge(today=today, dry_run=not options["apply"])
        prefix = "" if options["apply"] else "(essai) "
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}demandes refusées : {report.refused}, adhésions échues : {report.lapsed}, "
                f"messages : {report.messages}, signalements : {report.reports}"
            )
        )
