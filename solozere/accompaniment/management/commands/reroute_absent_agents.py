import datetime as dt
from typing import Any

from solozere.accompaniment.services_followup import reroute_absent_agents
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Rend à leur structure les demandes d'accompagnement suivies par un agent absent ce jour-là, qui ne fait "
        "plus partie de la structure ou dont le compte est désactivé ; ses collègues présents sont prévenus "
        "(l'équipe, s'il n'y en a pas) et les relances repartent de zéro. Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        releases = reroute_absent_agents(today=today, wet_run=wet_run)
        for release in releases:
            assignment = release.assignment
            self.line(
                f"{assignment.request.reference} — {assignment.organisation.name} — {release.agent.email} — "
                f"{release.reason} — prévenus : {', '.join(release.to)}"
            )
        verb = "rendue(s) à leur structure" if wet_run else "à rendre à leur structure"
        self.summary(f"{len(releases)} demande(s) {verb}.")
