"""Load the events of the network's history (reference data, solozere/events/reference.py). Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from solozere.events.services import events_load_reference


class Command(BaseCommand):
    help = "Charge les événements de l'histoire du réseau (les rencontres de 2011) ; sans risque à relancer."

    def handle(self, *args: Any, **options: Any) -> None:
        event, created = events_load_reference()
        self.stdout.write(self.style.SUCCESS(f"{'Créé' if created else 'Déjà là'} : {event.title} ({event.slug})."))
