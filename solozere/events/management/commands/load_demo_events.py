from typing import Any

from django.core.management.base import BaseCommand

from solozere.core.demo import ensure_demo_allowed
from solozere.events.demo import demo_events_load


class Command(BaseCommand):
    help = (
        "Charge l'agenda de démonstration (événements fictifs « (démo) » dans les lieux de démonstration) ; "
        "refusé en production, sans effet s'il existe déjà."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        report = demo_events_load()
        if report.skipped:
            self.stdout.write("Agenda de démonstration déjà chargé, ou lieux et comptes de démonstration absents.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"{report.events} événement(s) de démonstration, {report.registrations} inscription(s).")
        )
