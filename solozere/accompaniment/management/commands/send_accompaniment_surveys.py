import datetime as dt
from typing import Any

from solozere.accompaniment.services_survey import surveys_send
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Envoie, le lendemain de sa clôture, le questionnaire de satisfaction de chaque demande d'accompagnement "
        "terminée (une seule fois). Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        sent = surveys_send(today=today, wet_run=wet_run)
        for project_request in sent:
            self.line(f"{project_request.reference} — terminée le {project_request.closed_at:%Y-%m-%d}")
        verb = "envoyé(s)" if wet_run else "à envoyer"
        self.summary(f"{len(sent)} questionnaire(s) {verb}.")
