import datetime as dt
from typing import Any

from solozere.accompaniment.services_retention import apply_retention
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Demandes d'accompagnement : ACCOMPANIMENT_RETENTION_MONTHS mois après leur fin (terminées ou retirées), "
        "efface ce qui nomme la personne et tout ce qui y a été écrit ; supprime les demandes jamais confirmées "
        "de plus de 7 jours. Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        result = apply_retention(today=today, wet_run=wet_run)
        for project_request in result.erased:
            self.line(f"{project_request.reference} — effacée")
        for project_request in result.deleted:
            self.line(f"{project_request.reference} — jamais confirmée, supprimée")
        verb = "effacée(s)" if wet_run else "à effacer"
        self.summary(f"{len(result.erased)} demande(s) {verb}, {len(result.deleted)} jamais confirmée(s).")
