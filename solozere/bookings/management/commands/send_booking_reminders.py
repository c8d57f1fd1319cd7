import datetime as dt
from typing import Any

from solozere.bookings.services import booking_when, bookings_send_reminders
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Envoie à chaque personne, la veille, le rappel de sa réservation confirmée du lendemain, avec son .ics "
        "(un seul rappel par réservation). Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        bookings = bookings_send_reminders(today=today, wet_run=wet_run)
        for booking in bookings:
            self.line(
                f"n° {booking.pk} — {booking.resource.place.name} — {booking.resource.name} — {booking_when(booking)}"
            )
        verb = "envoyé(s)" if wet_run else "à envoyer"
        self.summary(f"{len(bookings)} rappel(s) de réservation {verb}.")
