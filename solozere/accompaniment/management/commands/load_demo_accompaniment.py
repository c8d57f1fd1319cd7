from typing import Any

from django.core.management.base import BaseCommand, CommandError

from solozere.accompaniment.demo import demo_accompaniment_load
from solozere.accompaniment.services import RequestError
from solozere.core.demo import ensure_demo_allowed
from solozere.core.workflow import TransitionNotAllowed


class Command(BaseCommand):
    help = (
        "Charge les demandes d'accompagnement FICTIVES de démonstration (noms « (démo) », adresses de démonstration), "
        "orientées vers les structures de référence (après load_accompaniment et load_demo_accounts) ; l'agent "
        "partenaire de démonstration répond à l'une, en suit une autre, en clôt une troisième. Refusé en production, "
        "sans effet s'il existe déjà ; retiré par delete_demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        try:
            report = demo_accompaniment_load()
        except (RequestError, TransitionNotAllowed) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        if report.skipped:
            self.stdout.write("Demandes d'accompagnement de démonstration déjà chargées.")
            return
        for note in report.notes:
            self.stdout.write(note)
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.requests} demande(s) d'accompagnement de démonstration, {report.answers} réponse(s)."
            )
        )
