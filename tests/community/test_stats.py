"""The suppression rule, checked against a brute-force attacker on every small table."""

from datetime import date
from itertools import product

import pytest

from solozere.community.stats import (
    CellKind,
    active_counts,
    bar_chart,
    month_ends,
    protect_counts,
    protect_table,
)

T = 5


def attacker_guesses(counts: list[int], kinds: list[CellKind], threshold: int = T) -> dict[int, set[int]]:
    """Every value each hidden cell may hold given what is published: the total, the exact cells, "< 5" means
    1..4 and "masqué" means 5 or more. Brute force: tries every assignment."""
    hidden = [i for i, kind in enumerate(kinds) if kind != CellKind.EXACT]
    hidden_sum = sum(counts) - sum(counts[i] for i, kind in enumerate(kinds) if kind == CellKind.EXACT)
    ranges = [range(1, threshold) if kinds[i] == CellKind.SMALL else range(threshold, hidden_sum + 1) for i in hidden]
    guesses: dict[int, set[int]] = {i: set() for i in hidden}
    for values in product(*ranges):
        if sum(values) == hidden_sum:
            for i, value in zip(hidden, values, strict=True):
                guesses[i].add(value)
    return guesses


def assert_protected(counts: list[int], kinds: list[CellKind] | None) -> None:
    if kinds is None:
        return
    for i, count in enumerate(counts):
        if 0 < count < T:
            assert kinds[i] == CellKind.SMALL, (counts, kinds)
        if count == 0:
            assert kinds[i] == CellKind.EXACT, (counts, kinds)
        if count >= T:
            assert kinds[i] != CellKind.SMALL, (counts, kinds)
    guesses = attacker_guesses(counts, kinds)
    for i, kind in enumerate(kinds):
        if kind == CellKind.SMALL:
            assert guesses[i] == {1, 2, 3, 4}, (counts, kinds, i, guesses[i])
        if kind == CellKind.MASKED:
            assert len(guesses[i]) > 1, (counts, kinds, i, guesses[i])


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_no_table_of_up_to_four_groups_of_up_to_eleven_reveals_a_small_group(size):
    for counts in product(range(12), repeat=size):
        assert_protected(list(counts), protect_counts(list(counts)))


def test_no_table_of_five_groups_reveals_a_small_group():
    for counts in product([0, 1, 2, 3, 4, 5, 6, 8, 13], repeat=5):
        assert_protected(list(counts), protect_counts(list(counts)))


def test_larger_random_tables_stay_protected():
    import random

    rng = random.Random(48)  # Lozère
    for _ in range(400):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]) for _ in range(rng.randint(3, 8))]
        kinds = protect_counts(counts)
        if kinds is not None and sum(1 for k in kinds if k != CellKind.EXACT) <= 4:
            assert_protected(counts, kinds)


def test_a_table_without_small_groups_is_published_as_is():
    assert protect_counts([12, 5, 0, 7]) == [CellKind.EXACT] * 4


def test_a_single_small_group_is_never_left_alone_beside_the_total():
    kinds = protect_counts([10, 3, 6])
    assert kinds is not None
    assert kinds[1] == CellKind.SMALL
    assert kinds.count(CellKind.MASKED) >= 1


def test_two_small_groups_of_four_are_not_enough_to_hide_each_other():
    # 4 + 4 = 8: both could only be 4.
    kinds = protect_counts([20, 4, 4])
    assert kinds == [CellKind.MASKED, CellKind.SMALL, CellKind.SMALL]


def test_small_groups_that_protect_each_other_need_no_masking():
    assert protect_counts([20, 1, 4]) == [CellKind.EXACT, CellKind.SMALL, CellKind.SMALL]
    assert protect_counts([9, 2, 3, 2]) == [CellKind.EXACT, CellKind.SMALL, CellKind.SMALL, CellKind.SMALL]


def test_the_masked_cell_hides_the_fewest_people():
    # One small group of 1 needs a masked cell of 8 or more (so that 1 could be 4); 9 is the cheapest.
    assert protect_counts([30, 1, 9, 12]) == [CellKind.EXACT, CellKind.SMALL, CellKind.MASKED, CellKind.EXACT]


def test_a_table_that_cannot_be_protected_is_withheld():
    assert protect_counts([3]) is None
    assert protect_counts([2, 1, 0]) is None
    assert protect_counts([6, 1]) is None  # 6 hides at most 1..2 of a small group: not enough


def test_empty_tables_are_published():
    assert protect_counts([0, 0]) == [CellKind.EXACT, CellKind.EXACT]
    assert protect_counts([]) == []


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        protect_counts([1, -1])


def test_a_protected_table_never_carries_a_hidden_count():
    table = protect_table([("a", "A", 10), ("b", "B", 3), ("c", "C", 9)])
    assert table.published
    assert table.total == 22
    assert [cell.count for cell in table.cells] == [10, None, None]
    assert [cell.display for cell in table.cells] == ["10", "< 5", "masqué"]


def test_a_withheld_table_shows_no_cell():
    table = protect_table([("a", "A", 2), ("b", "B", 1)])
    assert not table.published
    assert table.cells == ()


def test_month_ends_run_to_today():
    assert month_ends(date(2025, 11, 15), date(2026, 2, 10)) == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 10),
    ]
    assert month_ends(date(2026, 2, 3), date(2026, 2, 10)) == [date(2026, 2, 10)]


def test_active_counts_count_periods_covering_each_day():
    periods = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 2, 1), date(2026, 2, 28))]
    assert active_counts(periods, [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 1)]) == [
        0,
        1,
        2,
        1,
    ]


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart([("01/2026", 10), ("02/2026", 20)], width=200, height=140)
    assert chart.bars[1].height == pytest.approx(2 * chart.bars[0].height, rel=0.02)
    assert chart.bars[1].y < chart.bars[0].y
    assert chart.ticks[0].value == 0
    assert chart.ticks[-1].value >= 20


def test_bar_chart_of_nothing_does_not_divide_by_zero():
    chart = bar_chart([("02/2026", 0)])
    assert chart.bars[0].height == 0
