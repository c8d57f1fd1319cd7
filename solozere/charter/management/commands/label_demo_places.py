from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from solozere.charter.services import CharterError, current_published_version, demo_label_grant
from solozere.core.demo import ensure_demo_allowed
from solozere.places.content import ContentError, read_demo_places
from solozere.places.models import Place


class Command(BaseCommand):
    help = (
        "Donne un label FICTIF de la charte aux lieux de démonstration que data/places/demo.json dit « member » "
        "(après load_charter et load_demo). Idempotent ; ne touche jamais un lieu réel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=Path(settings.BASE_DIR) / "data" / "places" / "demo.json")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        ensure_demo_allowed()
        version = current_published_version()
        if version is None:
            raise CommandError("Aucune version publiée de la charte : lancez d'abord « manage.py load_charter ».")
        try:
            labelled = [facts.slug for facts in read_demo_places(file) if facts.labelled]
        except (FileNotFoundError, ContentError) as error:
            raise CommandError(f"{file.name} : {error}") from error
        granted = 0
        for place in Place.objects.filter(is_demo=True, slug__in=labelled).order_by("slug"):
            try:
                granted += demo_label_grant(place=place, version=version, today=timezone.localdate()) is not None
            except CharterError as error:
                raise CommandError(f"{place.name} : {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Labels fictifs de démonstration : {granted} donné(s)."))
