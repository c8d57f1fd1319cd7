import datetime as dt
from typing import Any

from solozere.bookings.services_waitlist import entry_when, waitlist_offer_rounds
from solozere.core.commands import PeriodicCommand
from solozere.core.templatetags.french_dates import french_datetime


class Command(PeriodicCommand):
    help = (
        "Listes d'attente des réservations : retire les propositions expirées et propose chaque place libre à la "
        "première personne de la liste, par e-mail, pour un temps limité. Sans --wet-run, liste seulement."
    )
    takes_today = False

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        rounds = waitlist_offer_rounds(wet_run=wet_run)
        offered = lapsed = too_late = 0
        for round_ in rounds:
            where = f"{round_.resource.place.name} — {round_.resource.name}"
            for entry in round_.lapsed:
                self.line(f"expirée : n° {entry.pk} — {where} — {entry_when(entry)}")
            for entry in round_.too_late:
                self.line(f"trop tard : n° {entry.pk} — {where} — {entry_when(entry)}")
            for entry in round_.offered:
                expires = french_datetime(entry.offer_expires_at)
                self.line(f"proposée : n° {entry.pk} — {where} — {entry_when(entry)} — jusqu'au {expires}")
            offered += len(round_.offered)
            lapsed += len(round_.lapsed)
            too_late += len(round_.too_late)
        verb = "faite(s)" if wet_run else "à faire"
        self.summary(
            f"{offered} proposition(s) {verb}, {lapsed} proposition(s) expirée(s), {too_late} inscription(s) "
            "dont le créneau est passé."
        )
