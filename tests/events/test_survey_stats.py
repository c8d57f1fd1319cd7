"""The survey's figures (pure): the organiser's exact ones, and what the public reads under the census rule."""

import itertools

import pytest

from solozere.community.stats import CellKind
from solozere.events.survey_stats import PUBLIC_THRESHOLD, figures, public_summary


@pytest.fixture(autouse=True)
def _territory():  # type: ignore[no-untyped-def]
    """Pure functions: no database, no communes."""


def test_the_figures_count_every_rating_and_the_useful_share():
    data = figures([(5, True, 3), (4, True, 1), (4, False, 1), (2, False, 1)])
    assert data.count == 6
    assert data.by_rating == ((1, 0), (2, 1), (3, 0), (4, 2), (5, 3))
    assert data.average == pytest.approx(25 / 6)
    assert (data.useful, data.not_useful, data.useful_percent) == (4, 2, 67)
    assert data.rating_bars()[0] == (5, 3, 50)


def test_no_answer_has_no_average():
    data = figures([])
    assert (data.count, data.average, data.useful_percent) == (0, None, None)
    assert public_summary(data) is None


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_1_to_5_is_a_programming_error(rating):
    with pytest.raises(ValueError, match="1 to 5"):
        figures([(rating, True, 1)])


@pytest.mark.parametrize("count", range(PUBLIC_THRESHOLD))
def test_nothing_is_public_below_5_answers(count):
    assert public_summary(figures([(5, True, count)])) is None


def test_five_identical_answers_are_public_in_full():
    summary = public_summary(figures([(5, True, 5)]))
    assert summary is not None
    assert summary.count == 5 and summary.average == 5 and summary.useful_percent == 100
    assert [cell.display for cell in summary.ratings.cells] == ["5", "0", "0", "0", "0"]


def test_a_small_group_is_hidden_and_the_average_with_it():
    # One person gave 1/5: their cell says "< 5", another is masked so that subtraction does not find it, and the
    # average, which would give it back, is not published.
    summary = public_summary(figures([(5, True, 8), (4, True, 6), (1, False, 1)]))
    assert summary is not None
    by_label = {cell.label: cell for cell in summary.ratings.cells}
    assert by_label["1/5"].kind == CellKind.SMALL and by_label["1/5"].count is None
    assert any(cell.kind == CellKind.MASKED for cell in summary.ratings.cells)
    assert summary.average is None
    assert summary.useful_percent is None  # one "no": the yes/no table hides it too


def _consistent(displays: list[str], total: int) -> set[tuple[int, ...]]:
    """Every distribution a reader could infer from what is shown: the brute-force attacker of ADR 0004."""
    options = []
    for shown in displays:
        if shown == "< 5":
            options.append(range(1, 5))
        elif shown == "masqué":
            options.append(range(5, total + 1))
        else:
            options.append(range(int(shown), int(shown) + 1))
    return {combo for combo in itertools.product(*options) if sum(combo) == total}


@pytest.mark.parametrize(
    "counts",
    [(1, 0, 0, 4, 5), (0, 2, 3, 0, 9), (4, 4, 0, 0, 5), (1, 1, 1, 1, 6), (0, 0, 7, 1, 0), (2, 0, 0, 0, 30)],
)
def test_no_hidden_cell_can_be_told_from_what_is_public(counts):
    rows = [(rating, True, n) for rating, n in zip((5, 4, 3, 2, 1), counts, strict=True)]
    summary = public_summary(figures(rows))
    assert summary is not None
    if not summary.ratings.published:
        return
    displays = [cell.display for cell in summary.ratings.cells]
    possible = _consistent(displays, summary.count)
    assert tuple(counts) in possible
    for index, shown in enumerate(displays):
        if shown == "< 5":
            assert {combo[index] for combo in possible} == {1, 2, 3, 4}
    if summary.average is not None:
        assert all(cell.kind == CellKind.EXACT for cell in summary.ratings.cells)
