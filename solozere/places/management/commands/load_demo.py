from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from solozere.core.demo import ensure_demo_allowed
from solozere.places.content import LoadReport, offset_point, read_demo_places
from solozere.places.management.commands._loading import read_facts, report_lines, resolve_commune
from solozere.places.models import Place
from solozere.places.services import place_create
from solozere.territory.models import Commune


class Command(BaseCommand):
    help = (
        "Charge le jeu de démonstration (lieux FICTIFS, marqués « démo ») de data/places/demo.json. "
        "Idempotent ; ne touche jamais un lieu réel. Pour le retirer : manage.py delete_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=Path(settings.BASE_DIR) / "data" / "places" / "demo.json")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        ensure_demo_allowed()
        all_facts = read_facts(read_demo_places, file)

        report = LoadReport()
        communes: dict[str, Commune] = {}
        with transaction.atomic():
            for facts in all_facts:
                commune = resolve_commune(facts, communes)
                name = facts.fields["name"]
                existing = Place.objects.filter(slug=facts.slug).first()
                if existing is not None:
                    if existing.is_demo:
                        report.present.append(name)
                    else:
                        report.skipped.append(f"{name} (l'identifiant « {facts.slug} » est celui d'un lieu réel)")
                    continue
                if commune.latitude is None or commune.longitude is None or facts.offset_m is None:
                    raise CommandError(f"{name} : la mairie de {commune.name} n'a pas de position connue.")
                latitude, longitude = offset_point(commune.latitude, commune.longitude, *facts.offset_m)
                place_create(
                    actor=None,
                    slug=facts.slug,
                    commune=commune,
                    latitude=latitude,
                    longitude=longitude,
                    location_is_approximate=False,
                    status_date_text="",
                    status_note=facts.status_note,
                    **facts.fields,
                )
                report.created.append(name)

        for line in report_lines(report):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Lieux de démonstration : {len(report.created)} créé(s), {len(report.present)} déjà présent(s), "
                f"{len(report.skipped)} ignoré(s)."
            )
        )
