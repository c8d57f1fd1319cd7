from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from solozere.places.content import LoadReport, PlaceFacts, read_real_places
from solozere.places.management.commands._loading import read_facts, report_lines, resolve_commune
from solozere.places.models import Place
from solozere.places.services import place_create, place_set_status, place_update
from solozere.territory.models import Commune

UPDATE_MESSAGE = "Mise à jour depuis lieux.csv (import_places --update)."


class Command(BaseCommand):
    help = (
        "Charge les lieux réels connus de data/territory/lozere/lieux.csv. Idempotent : un lieu déjà présent "
        "(même identifiant d'URL) n'est pas modifié, pour ne pas écraser les corrections faites dans la gestion. "
        "--update réécrit depuis le fichier le nom, le type, le statut, le porteur, l'adresse, la description "
        "et les sources (jamais les services, horaires ni gestionnaires saisis ensuite)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=settings.TERRITORY_DATA_DIR / "lieux.csv")
        parser.add_argument(
            "--update", action="store_true", help="Réécrire les lieux déjà présents avec les informations du fichier."
        )

    def handle(self, *args: Any, file: Path, update: bool, **options: Any) -> None:
        all_facts = read_facts(read_real_places, file)

        report = LoadReport()
        communes: dict[str, Commune] = {}
        with transaction.atomic():
            for facts in all_facts:
                commune = resolve_commune(facts, communes)
                name = facts.fields["name"]
                existing = Place.objects.filter(slug=facts.slug).first()
                if existing is None:
                    place_create(
                        actor=None,
                        slug=facts.slug,
                        commune=commune,
                        status_date=facts.status.date,
                        status_date_text=facts.status.date_text,
                        status_note=facts.status_note,
                        **facts.fields,
                    )
                    report.created.append(name)
                elif existing.is_demo:
                    report.skipped.append(
                        f"{name} (l'identifiant « {facts.slug} » est pris par un lieu de démonstration)"
                    )
                elif not update:
                    report.present.append(name)
                elif _update(existing, facts, commune):
                    report.updated.append(name)
                else:
                    report.present.append(f"{name} (déjà à jour)")

        for line in report_lines(report):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Lieux réels : {len(report.created)} créé(s), {len(report.updated)} mis à jour, "
                f"{len(report.present)} déjà présent(s), {len(report.skipped)} ignoré(s)."
            )
        )
        if report.present and not update:
            self.stdout.write("Les lieux déjà présents n'ont pas été modifiés (--update pour les réécrire).")


def _update(place: Place, facts: PlaceFacts, commune: Commune) -> bool:
    """Rewrite the fields the file governs; True if anything changed. The status goes through its own
    service so that the history row carries the file's date and wording."""
    data: dict[str, Any] = {key: value for key, value in facts.fields.items() if key not in {"status", "is_demo"}}
    data["commune"] = commune
    if place.commune_id != commune.pk and place.location_is_approximate:
        data["latitude"], data["longitude"] = commune.latitude, commune.longitude
    changed = {key: value for key, value in data.items() if getattr(place, key) != value}
    if changed:
        place_update(actor=None, place=place, data=changed, message=UPDATE_MESSAGE)
    status_changed = place.status != facts.status.status
    if status_changed:
        when = f" ({facts.status.date_text})" if facts.status.date_text else ""
        place_set_status(
            actor=None,
            place=place,
            status=facts.status.status,
            date=facts.status.date,
            note=f"{UPDATE_MESSAGE}{when} {facts.status_note}",
        )
    return bool(changed) or status_changed
