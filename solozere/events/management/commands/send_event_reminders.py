import datetime as dt
from typing import Any

from solozere.core.commands import PeriodicCommand
from solozere.events.services_registration import registrations_send_reminders


class Command(PeriodicCommand):
    help = (
        "Envoie à chaque personne inscrite, la veille de l'événement, un rappel avec son .ics (un seul rappel par "
        "inscription). Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        registrations = registrations_send_reminders(today=today, wet_run=wet_run)
        for registration in registrations:
            self.line(f"inscription n° {registration.pk} — {registration.event.title} — {registration.site.name}")
        verb = "envoyé(s)" if wet_run else "à envoyer"
        self.summary(f"{len(registrations)} rappel(s) d'événement {verb}.")
