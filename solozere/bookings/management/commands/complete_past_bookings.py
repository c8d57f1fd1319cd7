import datetime as dt
from typing import Any

from django.utils import timezone

from solozere.bookings import availability
from solozere.bookings.services import bookings_complete_past, bookings_past
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Passe à « terminée » chaque réservation confirmée dont la fin est passée (à la fin du jour donné par --today, "
        "sinon maintenant). Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        # Another day than today (a replay): as at the end of that day.
        now = (
            timezone.now()
            if today == timezone.localdate()
            else availability.local(today + dt.timedelta(days=1), dt.time(0, 0))
        )
        if not wet_run:
            bookings = bookings_past(now=now)
            for booking in bookings:
                self.line(
                    f"n° {booking.pk} — {booking.resource.name} — fin le {booking.ends_at.astimezone(availability.PARIS):%d/%m/%Y %H:%M}"
                )
            self.summary(f"{len(bookings)} réservation(s) à terminer.")
            return
        count = bookings_complete_past(now=now)
        self.summary(f"{count} réservation(s) terminée(s).")
