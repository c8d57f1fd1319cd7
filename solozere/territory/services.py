"""Loading the territory reference files. Idempotent: running it twice changes nothing."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from solozere.territory.models import Commune, Zone
from solozere.territory.text import normalize_name

_KINDS = {
    "commune-actuelle": Commune.Kind.CURRENT,
    "commune-deleguee": Commune.Kind.DELEGATED,
    "commune-associee": Commune.Kind.ASSOCIATED,
}

FOUR_CANTONS_SLUG = "quatre-cantons-2014"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    zones: int = 0


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


@transaction.atomic
def territory_import(*, data_dir: Path) -> ImportReport:
    report = ImportReport()
    with (data_dir / "communes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    existing = {(c.kind, c.insee_code): c for c in Commune.objects.all()}
    # Current communes first, so that parts can point to their parent.
    rows.sort(key=lambda r: r["type"] != "commune-actuelle")
    for row in rows:
        kind = _KINDS[row["type"]]
        parent = existing.get((Commune.Kind.CURRENT, row["commune_parent"])) if row["commune_parent"] else None
        lat = _float(row["mairie_lat"]) or _float(row["lat"])
        lon = _float(row["mairie_lon"]) or _float(row["lon"])
        values = {
            "name": row["nom"],
            "search_name": normalize_name(row["nom"]),
            "parent_id": parent.pk if parent else None,
            "postal_codes": row["codes_postaux"],
            "population": int(row["population"]) if row["population"] else None,
            "epci_siren": row["epci_siren"],
            "epci_name": row["epci_nom"],
            "former_codes": row["anciens_codes"],
            "latitude": lat,
            "longitude": lon,
            "town_hall_address": row["mairie_adresse"],
        }
        commune = existing.get((kind, row["code_insee"]))
        if commune is None:
            commune = Commune(kind=kind, insee_code=row["code_insee"], **values)
            commune.save()
            existing[(kind, row["code_insee"])] = commune
            report.created += 1
            continue
        if any(getattr(commune, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(commune, key, value)
            commune.save()
            report.updated += 1
        else:
            report.unchanged += 1

    _import_epci_zones(report)
    _import_cantons_2014(data_dir, existing, report)
    return report


def _set_zone(*, slug: str, name: str, kind: str, code: str, description: str, communes: list[Commune]) -> Zone:
    zone, _created = Zone.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "code": code, "description": description}
    )
    zone.communes.set(communes)
    return zone


def _import_epci_zones(report: ImportReport) -> None:
    by_epci: dict[tuple[str, str], list[Commune]] = {}
    for commune in Commune.objects.filter(kind=Commune.Kind.CURRENT).exclude(epci_siren=""):
        by_epci.setdefault((commune.epci_siren, commune.epci_name), []).append(commune)
    for (siren, name), communes in by_epci.items():
        parts = list(Commune.objects.filter(parent__in=communes))
        _set_zone(
            slug=f"epci-{siren}",
            name=name,
            kind=Zone.Kind.EPCI,
            code=siren,
            description="",
            communes=communes + parts,
        )
        report.zones += 1


def _import_cantons_2014(data_dir: Path, existing: dict[tuple[str, str], Commune], report: ImportReport) -> None:
    """A 2014 canton holds its 2014 communes as they are named today: the current commune when it
    kept its code and name, else the commune déléguée (Javols). The current commune of a merger is
    added only when every one of its parts lies in the canton (Peyre en Aubrac)."""
    with (data_dir / "cantons_2014.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cantons: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        cantons.setdefault(row["canton_pre2015"], []).append(row)

    union: list[Commune] = []
    for canton_name, members in cantons.items():
        communes: list[Commune] = []
        for row in members:
            current = existing[(Commune.Kind.CURRENT, row["code_insee_actuel"])]
            if row["code_insee_2014"] == row["code_insee_actuel"] and normalize_name(
                row["commune_nom_2014"]
            ) == normalize_name(current.name):
                communes.append(current)
                continue
            part = existing.get((Commune.Kind.DELEGATED, row["code_insee_2014"])) or existing.get(
                (Commune.Kind.ASSOCIATED, row["code_insee_2014"])
            )
            if part is None:
                raise ValueError(f"2014 commune {row['commune_nom_2014']} ({row['code_insee_2014']}) not found")
            communes.append(part)
        codes_2014 = {row["code_insee_2014"] for row in members}
        for current in {c.current for c in communes if c.kind != Commune.Kind.CURRENT}:
            parts = Commune.objects.filter(parent=current)
            if all(p.insee_code in codes_2014 for p in parts):
                communes.append(current)
        code_2014 = members[0]["canton_code_2014"]
        _set_zone(
            slug=f"canton-2014-{slugify(canton_name.removeprefix('Canton '))}",
            name=f"{canton_name} (2014)",
            kind=Zone.Kind.CANTON_2014,
            code=code_2014,
            description=f"Canton tel qu'il existait avant le redécoupage de 2015 (code 2014 : {code_2014}).",
            communes=communes,
        )
        union += communes
        report.zones += 1
    _set_zone(
        slug=FOUR_CANTONS_SLUG,
        name="Les quatre cantons d'avant 2015 (Aumont-Aubrac, Le Malzieu-Ville, Saint-Alban, Saint-Chély)",
        kind=Zone.Kind.CUSTOM,
        code="",
        description="Réunion des quatre cantons de 2014 : zone de l'aide au télétravail du bassin du Malzieu-Ville.",
        communes=union,
    )
    report.zones += 1
