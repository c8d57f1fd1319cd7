import datetime as dt
from typing import Any

from django.utils import timezone

from solozere.core.commands import PeriodicCommand
from solozere.events.services_survey import SURVEY_WINDOW_DAYS, surveys_send


class Command(PeriodicCommand):
    help = (
        "Envoie le questionnaire de satisfaction, une seule fois, à chaque personne marquée présente à un événement "
        f"terminé la veille ou jusqu'à {SURVEY_WINDOW_DAYS} jours avant. Sans --wet-run, liste seulement."
    )

    def run(self, *, wet_run: bool, today: dt.date, **options: Any) -> None:
        registrations = surveys_send(today=today, wet_run=wet_run)
        for registration in registrations:
            ended = timezone.localtime(registration.event.ends_at).date().isoformat()
            self.line(f"inscription n° {registration.pk} — {registration.event.title} ({ended})")
        verb = "envoyé(s)" if wet_run else "à envoyer"
        self.summary(f"{len(registrations)} questionnaire(s) de satisfaction {verb}.")
