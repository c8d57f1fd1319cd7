"""Load what each partner organisation of the Réseau Accueil handles, and where (reference data, SOURCES.md), after
load_organisations. Safe to run again: a profile the staff changed is left alone."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from solozere.accompaniment.services_profiles import ServiceError, partner_profiles_load_reference


class Command(BaseCommand):
    help = (
        "Charge les sujets et territoires des structures partenaires du Réseau Accueil (après load_organisations ; "
        "sans risque à relancer, ne touche pas aux profils modifiés par l'équipe)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = partner_profiles_load_reference()
        except ServiceError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Profils d'accompagnement : {report.created} créé(s), {report.updated} mis à jour, "
                f"{report.unchanged} inchangé(s), {report.kept} modifié(s) par l'équipe et laissé(s) tels quels."
            )
        )
