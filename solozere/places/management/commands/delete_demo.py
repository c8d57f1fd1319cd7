from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from solozere.core.audit import log_change
from solozere.core.models import AuditLogEntry
from solozere.places.models import Place


class Command(BaseCommand):
    help = "Supprime tous les lieux de démonstration (is_demo) et eux seuls ; les lieux réels ne sont jamais touchés."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            demo = Place.objects.select_for_update().filter(is_demo=True)
            places = list(demo)
            for place in places:
                log_change(
                    actor=None,
                    obj=place,
                    action=AuditLogEntry.Action.DELETE,
                    message="Suppression du jeu de démonstration (delete_demo).",
                )
            try:
                Place.objects.filter(pk__in=[place.pk for place in places], is_demo=True).delete()
            except ProtectedError as error:
                raise CommandError(
                    "Des données réelles (réservations, inscriptions…) pointent vers des lieux de démonstration : "
                    "rien n'a été supprimé."
                ) from error
            # The photos' files go only once the rows are really gone (solozere.core.files).

        remaining = Place.objects.filter(is_demo=False).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(places)} lieu(x) de démonstration supprimé(s) ; {remaining} lieu(x) réel(s) conservé(s)."
            )
        )
