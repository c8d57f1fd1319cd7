import datetime as dt
from typing import Any

from django.utils import timezone

from solozere.core.commands import PeriodicCommand
from solozere.events.recurrence import PARIS
from solozere.events.services import events_hold_past, events_to_hold


class Command(PeriodicCommand):
    help = (
        "Passe à « a eu lieu » chaque événement publié dont la fin est passée (à la fin du jour donné par --today, "
        "sinon maintenant) : ses contributions et son questionnaire suivent. Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        now = (
            timezone.now()
            if today == timezone.localdate()
            else dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0, 0), tzinfo=PARIS)
        )
        events = events_to_hold(now=now) if not wet_run else events_hold_past(now=now)
        for event in events:
            self.line(f"{event.title} — fin le {event.ends_at.astimezone(PARIS):%d/%m/%Y %H:%M}")
        self.summary(f"{len(events)} événement(s) {'marqué(s)' if wet_run else 'à marquer'} « a eu lieu ».")
