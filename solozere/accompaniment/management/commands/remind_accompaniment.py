import datetime as dt
from typing import Any

from solozere.accompaniment.services_followup import send_reminders
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Relance les demandes d'accompagnement qu'aucune structure n'a prises : après ACCOMPANIMENT_REMINDER_DAYS "
        "jours ouvrés, la structure, puis le chef de file, puis l'équipe (une fois chacun) ; l'équipe à la place de "
        "la structure qui n'a personne pour la recevoir, ou du chef de file quand c'est lui qui attend. Sans "
        "--wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        reminders = send_reminders(today=today, wet_run=wet_run)
        for reminder in reminders:
            assignment = reminder.assignment
            self.line(
                f"{assignment.request.reference} — {assignment.organisation.name} — {reminder.waited} jours ouvrés "
                f"— relance « {reminder.rung} » à {', '.join(reminder.to) or 'personne'}"
                + (f" ({reminder.stand_in})" if reminder.stand_in else "")
            )
        verb = "envoyée(s)" if wet_run else "à envoyer"
        self.summary(f"{len(reminders)} relance(s) {verb}.")
