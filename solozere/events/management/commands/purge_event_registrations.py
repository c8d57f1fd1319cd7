import datetime as dt
from typing import Any

from django.utils import timezone

from solozere.core.calendar import PARIS
from solozere.core.commands import PeriodicCommand
from solozere.events.services_registration import registrations_purge, retention_days


class Command(PeriodicCommand):
    help = (
        "Efface les noms, adresses et réponses des inscrits EVENT_REGISTRATION_RETENTION_DAYS jours après "
        "l'événement (l'état et la présence restent, pour les comptes) et supprime les demandes d'inscription "
        "jamais confirmées dont le lien a expiré. Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        # --today replays a day: the purge runs as at the end of that day.
        if today == timezone.localdate():
            now = timezone.now()
        else:
            now = dt.datetime.combine(today, dt.time(23, 59), tzinfo=PARIS)
        result = registrations_purge(now=now, wet_run=wet_run)
        events: dict[int, tuple[str, int]] = {}
        for registration in result.erased:
            title, count = events.get(registration.event_id, (registration.event.title, 0))
            events[registration.event_id] = (title, count + 1)
        for title, count in events.values():
            self.line(f"effacées : {count} inscription(s) — {title}")
        for registration in result.expired_requests:
            self.line(f"supprimée : demande n° {registration.pk} jamais confirmée — {registration.event.title}")
        verb = "effacée(s)" if wet_run else "à effacer"
        self.summary(
            f"{len(result.erased)} inscription(s) {verb} ({retention_days()} jours après l'événement), "
            f"{len(result.expired_requests)} demande(s) non confirmée(s) "
            f"{'supprimée(s)' if wet_run else 'à supprimer'}."
        )
