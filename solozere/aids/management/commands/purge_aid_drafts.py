from typing import Any

from django.conf import settings

from solozere.aids.services import drafts_purge, stale_drafts
from solozere.core.commands import PeriodicCommand


class Command(PeriodicCommand):
    help = (
        "Supprime les demandes d'aide jamais déposées (brouillons) restées sans modification depuis "
        "AIDS_DRAFT_RETENTION_DAYS jours, avec leurs pièces. Sans --wet-run, liste seulement."
    )
    takes_today = False

    def run(self, *, wet_run: bool, **options: Any) -> None:
        days = settings.AIDS_DRAFT_RETENTION_DAYS
        if not wet_run:
            drafts = list(stale_drafts().select_related("company"))
            for application in drafts:
                self.line(
                    f"{application.reference} — {application.company.name} — modifiée le "
                    f"{application.updated_at:%d/%m/%Y}"
                )
            self.summary(f"{len(drafts)} brouillon(s) sans modification depuis {days} jours à supprimer.")
            return
        count = drafts_purge()
        self.summary(f"{count} brouillon(s) sans modification depuis {days} jours supprimé(s).")
