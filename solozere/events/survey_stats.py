"""The figures of an event's satisfaction survey, for its organiser (exact) and for the public (the census rule).
Pure: no ORM. The answers come in as (rating, useful, count) rows.

What the public reads (docs/adr/0013): nothing below PUBLIC_THRESHOLD answers; then the number of answers, the
distribution of the ratings and the useful yes/no as two one-way tables protected by the community census's rule
(solozere.community.stats.protect_table: no group of 1 to 4 people, even by subtraction). The average and the
share of "useful" are shown only when every cell of their table is exact: with a hidden cell, the average (a second
equation beside the total) would give the hidden counts back."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from solozere.community.stats import SMALL_GROUP_THRESHOLD, CellKind, ProtectedTable, protect_table

RATINGS = (1, 2, 3, 4, 5)
PUBLIC_THRESHOLD = SMALL_GROUP_THRESHOLD

Row = tuple[int, bool, int]  # (rating, useful, how many answers)


@dataclass(frozen=True)
class Figures:
    """The exact figures: what the organiser reads."""

    count: int
    by_rating: tuple[tuple[int, int], ...]  # (rating, count) for 1..5, empty ratings included
    useful: int

    @property
    def average(self) -> float | None:
        if not self.count:
            return None
        return sum(rating * n for rating, n in self.by_rating) / self.count

    @property
    def not_useful(self) -> int:
        return self.count - self.useful

    @property
    def useful_percent(self) -> int | None:
        return round(100 * self.useful / self.count) if self.count else None

    def rating_bars(self) -> list[tuple[int, int, int]]:
        """(rating, count, percent of the answers) from 5 down to 1, for the organiser's bars."""
        return [(rating, n, round(100 * n / self.count) if self.count else 0) for rating, n in reversed(self.by_rating)]


def figures(rows: Iterable[Row]) -> Figures:
    counts = dict.fromkeys(RATINGS, 0)
    useful = 0
    for rating, is_useful, n in rows:
        if rating not in counts:
            raise ValueError(f"A rating goes from 1 to 5, not {rating!r}.")
        if n < 0:
            raise ValueError("Counts cannot be negative.")
        counts[rating] += n
        useful += n if is_useful else 0
    return Figures(count=sum(counts.values()), by_rating=tuple(counts.items()), useful=useful)


@dataclass(frozen=True)
class PublicSummary:
    count: int
    ratings: ProtectedTable
    useful: ProtectedTable
    average: float | None  # None when a rating cell is hidden
    useful_percent: int | None  # None when a cell of the yes/no table is hidden


def _all_exact(table: ProtectedTable) -> bool:
    return table.published and all(cell.kind == CellKind.EXACT for cell in table.cells)


def public_summary(data: Figures) -> PublicSummary | None:
    """What the event's public page shows, or None below PUBLIC_THRESHOLD answers."""
    if data.count < PUBLIC_THRESHOLD:
        return None
    ratings = protect_table([(str(rating), f"{rating}/5", n) for rating, n in reversed(data.by_rating)])
    useful = protect_table([("yes", _("oui"), data.useful), ("no", _("non"), data.not_useful)])
    return PublicSummary(
        count=data.count,
        ratings=ratings,
        useful=useful,
        average=data.average if _all_exact(ratings) else None,
        useful_percent=data.useful_percent if _all_exact(useful) else None,
    )
