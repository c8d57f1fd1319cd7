"""The suppression rule, checked against a brute-force attacker on every small table."""

from datetime import date
from functools import cache
from itertools import combinations, product

import pytest

from solozere.community.stats import (
    Bar,
    BarChart,
    CellKind,
    Tick,
    active_counts,
    bar_chart,
    month_ends,
    protect_counts,
    protect_table,
)

T = 5


def attacker_guesses(counts: list[int], kinds: list[CellKind], threshold: int = T) -> dict[int, set[int]]:
    """Every value each hidden cell may hold given what is published: the total, the exact cells, "< 5" means
    1..4 and "masqué" means 5 or more. Exhaustive: a value stands when the other hidden cells can make up the rest."""
    hidden = [i for i, kind in enumerate(kinds) if kind != CellKind.EXACT]
    hidden_sum = sum(counts) - sum(counts[i] for i, kind in enumerate(kinds) if kind == CellKind.EXACT)
    ranges = {
        i: range(1, threshold) if kinds[i] == CellKind.SMALL else range(threshold, hidden_sum + 1) for i in hidden
    }
    guesses: dict[int, set[int]] = {}
    for i in hidden:
        reachable = {0}  # every sum the other hidden cells can make
        for j in hidden:
            if j != i:
                reachable = {total + v for total in reachable for v in ranges[j] if total + v <= hidden_sum}
        guesses[i] = {v for v in ranges[i] if hidden_sum - v in reachable}
    return guesses


def small_cells_are_hidden(counts: list[int], kinds: list[CellKind]) -> bool:
    """What the rule promises, checked by the attacker: each "< 5" cell may still hold any of 1, 2, 3, 4."""
    guesses = attacker_guesses(counts, kinds)
    return all(guesses[i] == {1, 2, 3, 4} for i, kind in enumerate(kinds) if kind == CellKind.SMALL)


@cache
def safe_maskings(counts: tuple[int, ...]) -> list[tuple[int, int]]:
    """(people hidden, cells masked) of every way to mask large cells that the attacker cannot see through.
    The order of the cells does not matter: call it with the counts sorted."""
    small = [CellKind.SMALL if 0 < count < T else CellKind.EXACT for count in counts]
    large = [i for i, count in enumerate(counts) if count >= T]
    options = []
    for size in range(len(large) + 1):
        for chosen in combinations(large, size):
            kinds = [CellKind.MASKED if i in chosen else kind for i, kind in enumerate(small)]
            if small_cells_are_hidden(counts, kinds):
                options.append((sum(counts[i] for i in chosen), size))
    return options


def assert_protected(counts: list[int], kinds: list[CellKind] | None) -> None:
    options = safe_maskings(tuple(sorted(counts)))
    if kinds is None:
        # Withheld only when no way to mask would have protected every small group.
        assert options == [], (counts, min(options))
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
    # And no safe way hides fewer people (then fewer cells).
    masked = [i for i, kind in enumerate(kinds) if kind == CellKind.MASKED]
    assert (sum(counts[i] for i in masked), len(masked)) == min(options), (counts, kinds, min(options))


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


def test_a_cell_of_exactly_five_may_be_the_one_masked():
    # 4 beside a masked cell: the sum 9 is 1 + 8, ..., 4 + 5, so the small group may hold 1 to 4.
    assert protect_counts([4, 5]) == [CellKind.SMALL, CellKind.MASKED]
    assert protect_counts([20, 4, 4, 5]) == [CellKind.EXACT, CellKind.SMALL, CellKind.SMALL, CellKind.MASKED]


def test_two_cells_hiding_fewer_people_are_preferred_to_one_larger_cell():
    # A group of 1 needs 8 or more masked beside it in one cell, 13 or more in two: 6 + 7 hides fewer than 20.
    assert protect_counts([1, 20, 6, 7]) == [CellKind.SMALL, CellKind.EXACT, CellKind.MASKED, CellKind.MASKED]


def test_the_cheapest_pair_is_found_after_a_dearer_one():
    assert protect_counts([2, 5, 6, 6, 13]) == [
        CellKind.SMALL,
        CellKind.EXACT,
        CellKind.MASKED,
        CellKind.MASKED,
        CellKind.EXACT,
    ]


def test_between_equally_cheap_cells_the_first_listed_is_masked():
    # The same census gives the same table from one publication to the next.
    assert protect_counts([1, 8, 8]) == [CellKind.SMALL, CellKind.MASKED, CellKind.EXACT]


def test_negative_counts_are_refused_with_a_reason():
    with pytest.raises(ValueError, match=r"^Counts cannot be negative\.$"):
        protect_counts([3, -2])


def test_a_protected_table_keeps_keys_labels_and_the_threshold_it_is_given():
    table = protect_table([("ag", "Agriculture", 10), ("num", "Numérique", 3), ("btp", "Bâtiment", 9)], threshold=3)
    assert [(cell.key, cell.label, cell.kind, cell.count) for cell in table.cells] == [
        ("ag", "Agriculture", CellKind.EXACT, 10),
        ("num", "Numérique", CellKind.EXACT, 3),
        ("btp", "Bâtiment", CellKind.EXACT, 9),
    ]
    assert not table.has_small and not table.has_masked


def test_a_withheld_table_still_tells_its_total():
    table = protect_table([("a", "A", 2), ("b", "B", 1)])
    assert table.published is False
    assert table.total == 3


def test_a_membership_counts_on_its_first_and_its_last_day():
    periods = [(date(2026, 2, 1), date(2026, 2, 28))]
    assert active_counts(periods, [date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1)]) == [
        0,
        1,
        1,
        0,
    ]


def test_bar_chart_geometry_with_a_goal():
    chart = bar_chart([("10/2026", 10), ("11/2026", 20), ("12/2026", 0)], goal=25)
    assert chart == BarChart(
        width=640,
        height=260,
        left=40,
        bottom=220.0,
        label_y=236.0,
        tick_label_x=34,
        bars=(
            Bar(label="10/2026", value=10, x=69.5, y=136.0, width=137.7, height=84.0),
            Bar(label="11/2026", value=20, x=266.1, y=52.0, width=137.7, height=168.0),
            Bar(label="12/2026", value=0, x=462.8, y=220.0, width=137.7, height=0.0),
        ),
        ticks=tuple(
            Tick(value=v, y=y) for v, y in [(0, 220.0), (5, 178.0), (10, 136.0), (15, 94.0), (20, 52.0), (25, 10.0)]
        ),
        goal_y=10.0,
    )


def test_bar_chart_geometry_of_a_small_chart_rounds_to_a_tenth():
    chart = bar_chart([("a", 7), ("b", 3)], width=300, height=200)
    assert chart == BarChart(
        width=300,
        height=200,
        left=40,
        bottom=160.0,
        label_y=176.0,
        tick_label_x=34,
        bars=(
            Bar(label="a", value=7, x=58.8, y=28.8, width=87.5, height=131.2),
            Bar(label="b", value=3, x=183.8, y=103.8, width=87.5, height=56.2),
        ),
        ticks=tuple(Tick(value=v, y=y) for v, y in [(0, 160.0), (2, 122.5), (4, 85.0), (6, 47.5), (8, 10.0)]),
        goal_y=None,
    )


def test_bar_chart_of_nothing_has_one_unit_of_scale():
    chart = bar_chart([("02/2026", 0)])
    assert chart.ticks == (Tick(value=0, y=220.0), Tick(value=1, y=10.0))
    assert chart.bars == (Bar(label="02/2026", value=0, x=128.5, y=220.0, width=413.0, height=0.0),)


def test_a_hidden_count_is_a_bar_of_nothing_that_says_what_it_hides():
    chart = bar_chart([("a", 0), ("b", 8), ("c", 0)], displays=["< 5", "", "masqué"])
    assert [(bar.value, bar.height, bar.display) for bar in chart.bars] == [
        (0, 0.0, "< 5"),
        (8, 210.0, ""),
        (0, 0.0, "masqué"),
    ]
    assert [bar.display for bar in bar_chart([("a", 1)]).bars] == [""]
    with pytest.raises(ValueError, match="One display per point"):
        bar_chart([("a", 0), ("b", 8)], displays=["< 5"])


@pytest.mark.parametrize(
    ("top", "step", "last"),
    [
        (1, 1, 1),
        (3, 1, 3),
        (5, 1, 5),
        (6, 2, 6),
        (10, 2, 10),
        (11, 5, 15),
        (25, 5, 25),
        (26, 10, 30),
        (50, 10, 50),
        (51, 20, 60),
        (100, 20, 100),
        (101, 25, 125),
        (125, 25, 125),
        (126, 50, 150),
        (250, 50, 250),
        (251, 100, 300),
        (500, 100, 500),
        (501, 200, 600),
        (1000, 200, 1000),
        (1001, 250, 1250),
        (1250, 250, 1250),
        (1251, 500, 1500),
        (2500, 500, 2500),
        (2501, 1000, 3000),
        (5000, 1000, 5000),
        (5001, 1000, 6000),
        (6001, 1200, 7200),
    ],
)
def test_the_scale_has_at_most_five_round_steps(top, step, last):
    ticks = bar_chart([("x", top)]).ticks
    assert [tick.value for tick in ticks] == list(range(0, last + 1, step))
