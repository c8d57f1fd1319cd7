import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser

from solozere.core.commands import PeriodicCommand
from solozere.core.templatetags.french_dates import french_datetime
from solozere.events.services_registration import registration_offer_rounds


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now attend un instant ISO 8601 avec son fuseau, pas « {value} ».") from None
    if moment.tzinfo is None:
        raise CommandError("--now attend un instant avec son fuseau (par exemple 2026-10-12T09:00:00+02:00).")
    return moment


class Command(PeriodicCommand):
    help = (
        "Listes d'attente des événements : retire les propositions expirées et propose chaque place libre à la "
        "première personne de la liste du site, par e-mail, pour un temps limité. Sans --wet-run, liste seulement."
    )
    takes_today = False

    def add_more_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", type=str, default=None, help="Instant du passage (ISO 8601 avec fuseau), pour rejouer un passage."
        )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        now = _moment(options["now"]) if options.get("now") else None
        rounds = registration_offer_rounds(now=now, wet_run=wet_run)
        offered = lapsed = 0
        for round_ in rounds:
            where = f"{round_.site.event.title} — {round_.site.name}"
            for registration in round_.lapsed:
                self.line(f"expirée : inscription n° {registration.pk} — {where}")
            for registration in round_.offered:
                until = french_datetime(registration.offer_expires_at)
                self.line(f"proposée : inscription n° {registration.pk} — {where} — jusqu'au {until}")
            offered += len(round_.offered)
            lapsed += len(round_.lapsed)
        verb = "faite(s)" if wet_run else "à faire"
        self.summary(f"{offered} proposition(s) {verb}, {lapsed} proposition(s) expirée(s).")
