from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from solozere.bookings.demo_presence import demo_presence_load
from solozere.core.demo import ensure_demo_allowed


class Command(BaseCommand):
    help = (
        "Signale des présences FICTIVES (« j'y suis ») des membres de démonstration dans les lieux de démonstration, "
        "aujourd'hui et les neuf jours ouvrés précédents (après load_demo_accounts). Idempotent ; jamais compté dans "
        "les totaux publics ; retiré par delete_demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo_allowed()
        report = demo_presence_load(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Présences de démonstration : {report.check_ins} créée(s) pour {report.members} membre(s) fictif(s)."
            )
        )
