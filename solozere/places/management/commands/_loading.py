"""Shared by import_places and load_demo (the leading underscore keeps Django from listing it as a command)."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError

from solozere.places.content import ContentError, LoadReport, PlaceFacts, same_commune
from solozere.territory.models import Commune
from solozere.territory.selectors import CodeKind, lookup_commune


def read_facts(reader: Callable[[Path], list[PlaceFacts]], file: Path) -> list[PlaceFacts]:
    """The places a file describes, once the territory they point to is loaded; a CommandError in French else."""
    try:
        facts = reader(file)
    except FileNotFoundError as error:
        raise CommandError(f"Fichier introuvable : {file}") from error
    except ContentError as error:
        raise CommandError(f"{file.name} : {error}") from error
    if not Commune.objects.exists():
        raise CommandError("Aucune commune en base : lancez d'abord « manage.py import_territory ».")
    return facts


def resolve_commune(facts: PlaceFacts, cache: dict[str, Commune]) -> Commune:
    """The current commune of the INSEE code, checked against the name the file gives for it."""
    if facts.insee_code not in cache:
        result = lookup_commune(facts.insee_code, CodeKind.INSEE)
        if not result.found or result.commune is None:
            raise CommandError(
                f"{facts.fields['name']} : aucune commune de Lozère n'a le code INSEE {facts.insee_code}."
            )
        cache[facts.insee_code] = result.commune
    commune = cache[facts.insee_code]
    if facts.commune_name and not same_commune(facts.commune_name, commune.name):
        raise CommandError(
            f"{facts.fields['name']} : le code INSEE {facts.insee_code} est celui de {commune.name}, "
            f"pas de « {facts.commune_name} »."
        )
    return commune


def report_lines(report: LoadReport) -> list[str]:
    lines = [f"  créé : {name}" for name in report.created]
    lines += [f"  mis à jour : {name}" for name in report.updated]
    lines += [f"  déjà présent : {name}" for name in report.present]
    lines += [f"  ignoré : {name}" for name in report.skipped]
    return lines
