from typing import Any

from django.core.management.base import BaseCommand, CommandError

from solozere.core.demo import ensure_demo_allowed
from solozere.resources.demo import demo_resources_load


class Command(BaseCommand):
    help = (
        "Crée les ressources FICTIVES du centre de ressources (marquées « démo ») : des documents PDF écrits pour "
        "l'occasion et des liens vers des pages publiques, proposés par les comptes de démonstration (après "
        "load_demo_accounts), publiés sauf un, laissé à relire. Idempotent ; retiré par delete_demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        try:
            created = demo_resources_load()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Ressources de démonstration : {created} créée(s)."))
