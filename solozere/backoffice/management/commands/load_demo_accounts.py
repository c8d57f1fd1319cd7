from typing import Any

from django.core.management.base import BaseCommand, CommandError

from solozere.backoffice.demo_accounts import load_demo_accounts
from solozere.core.demo import DEMO_PASSWORD, ensure_demo_allowed


class Command(BaseCommand):
    help = (
        "Crée les comptes FICTIFS de démonstration, un par rôle, avec un mot de passe commun (après load_demo et "
        "label_demo_places). Idempotent. Liste : manage.py demo_accounts ; retrait : manage.py delete_demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        try:
            report = load_demo_accounts()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Comptes de démonstration : {len(report['created'])} créé(s) ; mot de passe commun : {DEMO_PASSWORD} "
                "(liste : manage.py demo_accounts)."
            )
        )
        if report["agent_of"]:
            self.stdout.write(f"Agent partenaire de démonstration : {', '.join(report['agent_of'])}.")
        else:
            self.stdout.write(
                "Structure de référence lozere-developpement absente (manage.py load_organisations) : "
                "l'agent partenaire de démonstration n'a pas de structure."
            )
