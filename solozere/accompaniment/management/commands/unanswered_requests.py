import datetime as dt
from typing import Any

from django.utils import timezone

from solozere.accompaniment.selectors_followup import unanswered_requests
from solozere.core.commands import PeriodicCommand
from solozere.core.dates import working_days_between


class Command(PeriodicCommand):
    help = (
        "Liste les demandes d'accompagnement restées sans réponse, les plus anciennes d'abord, avec leur âge en "
        "jours ouvrés. Ne change rien."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        rows = list(unanswered_requests().prefetch_related("assignments__organisation"))
        for request in rows:
            age = working_days_between(timezone.localdate(request.created_at), today)
            who = ", ".join(a.organisation.name for a in request.assignments.all() if a.is_active) or "aucune structure"
            self.stdout.write(f"{request.reference} — {age} jours ouvrés — {request.get_status_display()} — {who}")
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} demande(s) sans réponse."))
