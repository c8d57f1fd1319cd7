from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from solozere.accounts.models import User
from solozere.core.audit import log_change
from solozere.core.demo import run_demo_removals
from solozere.core.models import AuditLogEntry
from solozere.places.models import Place


class Command(BaseCommand):
    help = (
        "Supprime tout le contenu de démonstration (lieux et comptes is_demo) et lui seul ; les lieux et les comptes "
        "réels ne sont jamais touchés."
    )

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
            demo_users = User.objects.filter(is_demo=True)
            accounts = demo_users.count()
            try:
                # What the apps above places registered (demo resources...): before the accounts they may name.
                others = run_demo_removals()
                Place.objects.filter(pk__in=[place.pk for place in places], is_demo=True).delete()
                demo_users.delete()
            except ProtectedError as error:
                raise CommandError(
                    "Des données réelles (réservations, inscriptions…) pointent vers des lieux de démonstration : "
                    "rien n'a été supprimé."
                ) from error
            # The photos' files go only once the rows are really gone (solozere.core.files).

        remaining = Place.objects.filter(is_demo=False).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(places)} lieu(x) de démonstration supprimé(s), et {accounts} compte(s) de démonstration ; "
                f"{remaining} lieu(x) réel(s) conservé(s)."
            )
        )
        for label, count in others:
            self.stdout.write(self.style.SUCCESS(f"{count} {label} supprimé(e)(s)."))
