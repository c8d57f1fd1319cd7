"""Load the partner organisations of the Réseau Accueil (reference data, SOURCES.md). Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from solozere.organisations.services import organisations_load_reference


class Command(BaseCommand):
    help = "Charge les structures partenaires du Réseau Accueil (données de référence ; sans risque à relancer)."

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = organisations_load_reference()
        self.stdout.write(self.style.SUCCESS(f"Structures partenaires : {created} créées, {updated} mises à jour."))
