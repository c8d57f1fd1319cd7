from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from solozere.bookings.demo_bookings import demo_bookings_load
from solozere.core.demo import ensure_demo_allowed


class Command(BaseCommand):
    help = (
        "Crée les ressources réservables FICTIVES des télécentres de démonstration (postes partagés, bureau "
        "privatif, salle de réunion), une fermeture et quelques réservations des membres de démonstration (après "
        "load_demo_accounts). Idempotent ; retiré par delete_demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        try:
            report = demo_bookings_load(today=timezone.localdate())
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Réservations de démonstration : {report.resources} ressource(s), {report.closures} fermeture(s), "
                f"{report.bookings} réservation(s) créée(s)."
            )
        )
