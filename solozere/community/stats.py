"""Publishing counts of people without exposing anyone. Pure functions: no ORM, no settings.

A published table is a one-way split of the census total (by area, by status, by sector). What a reader knows:
the total, every exact cell, that a cell shown "< 5" holds 1 to 4 people (empty groups are shown as 0: they
expose nobody), and that a cell shown "masqué" holds 5 or more (we mask it only to protect a small one).

Primary suppression hides every group of 1 to 4. That alone is not enough: with one hidden cell, total minus
the visible cells gives it back; with two hidden cells of 4, their sum (8) tells both. Complementary
suppression then masks larger cells until, for every "< 5" cell, each of the values 1, 2, 3 and 4 is still
consistent with everything published. So subtraction never tells more than "< 5".

When that cannot be reached (too few people overall), the table is withheld as a whole.
See docs/adr/0004-recensement-petits-groupes.md.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import combinations

from django.utils.translation import gettext

SMALL_GROUP_THRESHOLD = 5


class CellKind(StrEnum):
    EXACT = "exact"
    SMALL = "small"  # shown "< 5"
    MASKED = "masked"  # complementary suppression: 5 or more, hidden to protect a small cell


def _is_safe(*, suppressed_sum: int, small_cells: int, masked_cells: int, threshold: int) -> bool:
    """Whether every small cell may still hold any value from 1 to threshold-1, knowing only the sum
    of the suppressed cells, that the other small cells hold 1..threshold-1 each, and that masked cells
    hold threshold or more each.

    For one small cell holding v, the others must sum to suppressed_sum - v, which they can do exactly
    when it lies in [min_rest, max_rest] (sums of integer ranges are integer ranges)."""
    if small_cells == 0:
        return True
    top = threshold - 1
    min_rest = (small_cells - 1) + threshold * masked_cells
    if suppressed_sum - top < min_rest:  # v = top must leave enough for the others
        return False
    if masked_cells == 0:
        max_rest = top * (small_cells - 1)
        if suppressed_sum - 1 > max_rest:  # v = 1 must not leave too much for the others
            return False
    return True


def protect_counts(counts: Sequence[int], threshold: int = SMALL_GROUP_THRESHOLD) -> list[CellKind] | None:
    """How to publish each cell of a one-way table whose total is published. None: withhold the table.

    Among the safe ways to mask, the one hiding the fewest people (then the fewest cells) is chosen."""
    if any(count < 0 for count in counts):
        raise ValueError("Counts cannot be negative.")
    small = [i for i, count in enumerate(counts) if 0 < count < threshold]
    kinds = [CellKind.SMALL if i in small else CellKind.EXACT for i in range(len(counts))]
    if not small:
        return kinds
    small_sum = sum(counts[i] for i in small)
    if _is_safe(suppressed_sum=small_sum, small_cells=len(small), masked_cells=0, threshold=threshold):
        return kinds

    # A cell of exactly `threshold` adds as much to the hidden sum as to what the others must hold at least:
    # it helps only as the first masked cell. Larger cells add slack; at most threshold-2 of them are needed.
    large = sorted((i for i, count in enumerate(counts) if count >= threshold), key=lambda i: (counts[i], i))
    if not large or not _is_safe(
        suppressed_sum=small_sum + sum(counts[i] for i in large),
        small_cells=len(small),
        masked_cells=len(large),
        threshold=threshold,
    ):
        return None
    best: tuple[int, int, tuple[int, ...]] | None = None
    for size in range(1, len(large) + 1):
        if best is not None and threshold * size >= best[0]:
            break  # any set of this size hides at least threshold*size people: no better one left
        for chosen in combinations(large, size):
            hidden = sum(counts[i] for i in chosen)
            if best is not None and (hidden, size) >= best[:2]:
                continue
            if _is_safe(
                suppressed_sum=small_sum + hidden, small_cells=len(small), masked_cells=size, threshold=threshold
            ):
                best = (hidden, size, chosen)
    assert best is not None  # the full set was safe  # noqa: S101
    for i in best[2]:
        kinds[i] = CellKind.MASKED
    return kinds


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    kind: CellKind
    count: int | None  # None unless the cell is exact: a hidden count never leaves this module

    @property
    def display(self) -> str:
        if self.kind == CellKind.SMALL:
            return f"< {SMALL_GROUP_THRESHOLD}"
        if self.kind == CellKind.MASKED:
            return gettext("masqué")
        return str(self.count)


@dataclass(frozen=True)
class ProtectedTable:
    total: int
    published: bool
    cells: tuple[Cell, ...]

    @property
    def has_masked(self) -> bool:
        return any(cell.kind == CellKind.MASKED for cell in self.cells)

    @property
    def has_small(self) -> bool:
        return any(cell.kind == CellKind.SMALL for cell in self.cells)


def protect_table(rows: Sequence[tuple[str, str, int]], threshold: int = SMALL_GROUP_THRESHOLD) -> ProtectedTable:
    """rows: (key, label, count). Every category is listed, empty ones too, so that the list itself
    reveals nothing about who is in it."""
    counts = [count for _key, _label, count in rows]
    total = sum(counts)
    kinds = protect_counts(counts, threshold)
    if kinds is None:
        return ProtectedTable(total=total, published=False, cells=())
    cells = tuple(
        Cell(key=key, label=label, kind=kind, count=count if kind == CellKind.EXACT else None)
        for (key, label, count), kind in zip(rows, kinds, strict=True)
    )
    return ProtectedTable(total=total, published=True, cells=cells)


# Growth over time -------------------------------------------------------------------------------------------


def month_ends(first: date, today: date) -> list[date]:
    """The last day of each month from `first`'s month to the month before today's, then today."""
    points: list[date] = []
    year, month = first.year, first.month
    while (year, month) < (today.year, today.month):
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        points.append(date(next_year, next_month, 1) - timedelta(days=1))
        year, month = next_year, next_month
    points.append(today)
    return points


def active_counts(periods: Sequence[tuple[date, date]], days: Sequence[date]) -> list[int]:
    """How many membership periods cover each day (a member's periods never overlap)."""
    return [sum(1 for start, end in periods if start <= day <= end) for day in days]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    display: str = ""  # what the bar stands for when it is not its value: a hidden count ("< 5"), drawn as 0


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bottom: float
    label_y: float
    tick_label_x: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    goal_y: float | None


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def bar_chart(
    points: Sequence[tuple[str, int]],
    *,
    goal: int | None = None,
    width: int = 640,
    height: int = 260,
    displays: Sequence[str] | None = None,
) -> BarChart:
    """Geometry of a bar chart drawn as server-side SVG (no JavaScript, no chart library). `displays`, one per
    point: the text of a bar whose count is hidden ("< 5", given with the value 0), "" for the others."""
    if displays is not None and len(displays) != len(points):
        raise ValueError("One display per point.")
    left, right, top_margin, bottom_margin = 40, 10, 10, 40
    plot_w = width - left - right
    plot_h = height - top_margin - bottom_margin
    top_value = max([value for _label, value in points] + [goal or 0, 1])
    step = _nice_step(top_value)
    scale_top = -(-top_value // step) * step
    bottom = float(top_margin + plot_h)

    def y_of(value: int) -> float:
        return round(bottom - plot_h * value / scale_top, 1)

    slot = plot_w / max(len(points), 1)
    bar_w = round(slot * 0.7, 1)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            x=round(left + slot * index + (slot - bar_w) / 2, 1),
            y=y_of(value),
            width=bar_w,
            height=round(bottom - y_of(value), 1),
            display=displays[index] if displays else "",
        )
        for index, (label, value) in enumerate(points)
    )
    ticks = tuple(Tick(value=v, y=y_of(v)) for v in range(0, scale_top + 1, step))
    return BarChart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        label_y=bottom + 16,
        tick_label_x=left - 6,
        bars=bars,
        ticks=ticks,
        goal_y=y_of(goal) if goal else None,
    )
