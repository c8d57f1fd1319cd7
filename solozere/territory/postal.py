"""Which communes a postal code covers, read from the rows of communes.csv: pure, no ORM.

La Poste files a code under a current commune and, for a commune nouvelle, may file it under one of its communes
déléguées or associées: such a row leads to its current commune. Every code of a row counts, not only the first
one (Massegros Causses Gorges is "48210;48500": 48500 covers it as much as 48210)."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CURRENT = "commune-actuelle"


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    name: str
    kind: str  # the "type" column: commune-actuelle, commune-deleguee, commune-associee
    parent_code: str  # the current commune of a part; "" for a current commune
    postal_codes: tuple[str, ...]
    former_codes: tuple[str, ...] = ()

    @property
    def current_code(self) -> str:
        return self.parent_code if self.kind != CURRENT and self.parent_code else self.insee_code


def split_codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in (value or "").split(";") if code.strip())


def read_communes_csv(path: Path) -> list[CommuneRow]:
    with path.open(encoding="utf-8") as fh:
        return [
            CommuneRow(
                insee_code=row["code_insee"],
                name=row["nom"],
                kind=row["type"],
                parent_code=row["commune_parent"],
                postal_codes=split_codes(row["codes_postaux"]),
                former_codes=split_codes(row["anciens_codes"]),
            )
            for row in csv.DictReader(fh)
        ]


def postal_pairs(rows: Iterable[CommuneRow]) -> Iterator[tuple[str, str]]:
    """(postal code, INSEE code of the current commune) for every code of every row, parts included."""
    for row in rows:
        for code in row.postal_codes:
            yield code, row.current_code


def communes_by_postal_code(rows: Iterable[CommuneRow]) -> dict[str, set[str]]:
    """Postal code -> the INSEE codes of every current commune it covers."""
    index: dict[str, set[str]] = {}
    for code, current in postal_pairs(rows):
        index.setdefault(code, set()).add(current)
    return index
