"""Load the quality charter and publish its first version (reference data). Safe to run again: an existing
version is never touched."""

from typing import Any

from django.core.management.base import BaseCommand

from solozere.charter.services import charter_load_reference


class Command(BaseCommand):
    help = "Charge la charte qualité des lieux et publie sa première version (sans effet si elle existe déjà)."

    def handle(self, *args: Any, **options: Any) -> None:
        version, created = charter_load_reference()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Publiée : {version} ({version.criteria.count()} critères)."))
        else:
            self.stdout.write(f"Déjà chargée : {version}. Rien à faire.")
