"""The yearly renewal of places' labels: remind the managers before the term, end the labels past it.

Dry run by default (says what it would do); --apply does it. Safe to run twice: a reminded label is not reminded
again, an ended label is not ended again.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from solozere.charter.models import RenewalReason
from solozere.charter.services import (
    RENEWAL_NOTICE_DAYS,
    membership_expire,
    membership_request_renewal,
    memberships_to_expire,
    memberships_to_remind,
)


class Command(BaseCommand):
    help = (
        f"Renouvellement annuel des labels : rappel {RENEWAL_NOTICE_DAYS} jours avant le terme, fin des labels "
        "échus. Simulation par défaut ; --apply pour agir."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Agir (sans cette option : simulation).")
        parser.add_argument("--today", help="Date du jour (AAAA-MM-JJ), pour rattraper un jour manqué.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError:
            raise CommandError("--today attend une date AAAA-MM-JJ.") from None
        apply = options["apply"]
        prefix = "" if apply else "[simulation] "
        expired = reminded = 0
        # Expire first: a label past its term gets the expiry message, not a reminder.
        for membership in list(memberships_to_expire(today)):
            if not apply:
                self.stdout.write(
                    f"{prefix}Label échu, à terminer : {membership.place} (fin {membership.valid_until})."
                )
                expired += 1
            elif membership_expire(membership=membership, today=today):
                self.stdout.write(f"Label terminé : {membership.place} (fin {membership.valid_until}).")
                expired += 1
        for membership in list(memberships_to_remind(today)):
            if not apply:
                self.stdout.write(f"{prefix}Rappel à envoyer : {membership.place} (fin {membership.valid_until}).")
                reminded += 1
            elif membership_request_renewal(membership=membership, reason=RenewalReason.YEARLY):
                self.stdout.write(f"Rappel envoyé : {membership.place} (fin {membership.valid_until}).")
                reminded += 1
        verb = "à terminer" if not apply else "terminés"
        self.stdout.write(
            f"{prefix}{expired} label(s) {verb}, {reminded} rappel(s) {'à envoyer' if not apply else 'envoyés'}."
        )
