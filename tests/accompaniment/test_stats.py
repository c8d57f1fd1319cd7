"""The public statistics of accompaniment from plain rows, without the database; every expectation worked out by
hand (French public holidays of 2025: 1 and 8 May, Ascension on 29 May, Whit Monday on 9 June)."""

import datetime as dt

import pytest

from solozere.accompaniment.stats import (
    OrganisationDelays,
    PartRow,
    RequestRow,
    answer_delays,
    by_area,
    by_month,
    by_topic,
    month_label,
    months_back,
    window_start,
)
from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus

D = dt.date
TODAY = D(2025, 3, 15)


def request(day: dt.date, *topics: str, area: str = "a") -> RequestRow:
    return RequestRow(created_on=day, topics=topics or (Topic.MOVING,), area=area)


def test_the_window_is_the_twelve_months_ending_with_this_one():
    assert months_back(TODAY) == [D(2024, month, 1) for month in range(4, 13)] + [D(2025, m, 1) for m in (1, 2, 3)]
    assert window_start(TODAY) == D(2024, 4, 1)
    assert months_back(D(2025, 1, 31), count=3) == [D(2024, 11, 1), D(2024, 12, 1), D(2025, 1, 1)]
    assert months_back(D(2024, 12, 1), count=1) == [D(2024, 12, 1)]


def test_months_are_named_in_french():
    assert month_label(D(2024, 8, 1)) == "Août 2024"


def test_requests_per_month_list_every_month_and_only_the_window():
    rows = [
        request(D(2024, 3, 31)),  # the day before the window
        request(D(2024, 4, 1)),
        request(D(2024, 4, 30)),
        request(D(2024, 12, 25)),
        request(D(2025, 3, 15)),  # today
        request(D(2025, 3, 16)),  # a clock ahead: not counted
    ]
    table = by_month(rows, TODAY)
    assert len(table) == 12
    assert table[0] == ("2024-04", "Avril 2024", 2)
    assert table[8] == ("2024-12", "Décembre 2024", 1)
    assert table[-1] == ("2025-03", "Mars 2025", 1)
    assert sum(count for _key, _label, count in table) == 4
    assert [count for _key, _label, count in table[1:8]] == [0] * 7


def test_a_request_counts_once_for_each_topic_it_names():
    rows = [
        request(D(2025, 1, 2), Topic.MOVING, Topic.WORKPLACE, Topic.MOVING),
        request(D(2025, 1, 3), Topic.WORKPLACE, "no-longer-a-topic"),
        request(D(2023, 1, 3), Topic.FARMING),  # before the window
    ]
    table = by_topic(rows, TODAY)
    assert [key for key, _label, _count in table] == list(Topic.values)  # every topic, in the form's order
    counts = {key: count for key, _label, count in table}
    assert counts[Topic.MOVING] == 1
    assert counts[Topic.WORKPLACE] == 2
    assert counts[Topic.FARMING] == 0
    assert sum(counts.values()) == 3
    assert table[0][1] == str(Topic.MOVING.label)


AREAS = [("north", "Nord"), ("south", "Sud"), ("other", "Autre commune"), ("none", "Pas encore choisie")]


def test_requests_per_area_keep_the_areas_order_and_hide_an_empty_catch_all():
    rows = [
        request(D(2025, 2, 1), area="south"),
        request(D(2025, 2, 2), area="south"),
        request(D(2025, 2, 3), area="none"),
    ]
    table = by_area(rows, TODAY, AREAS, shown_when_empty={"north", "south", "none"})
    assert table == [("north", "Nord", 0), ("south", "Sud", 2), ("none", "Pas encore choisie", 1)]
    with_other = [*rows, request(D(2025, 2, 4), area="other")]
    assert ("other", "Autre commune", 1) in by_area(with_other, TODAY, AREAS, shown_when_empty={"north"})
    assert len(by_area([], TODAY, AREAS)) == 4  # None: every area listed


def test_a_request_in_an_unknown_area_is_a_bug_not_a_lost_row():
    with pytest.raises(ValueError, match="unknown areas"):
        by_area([request(D(2025, 2, 1), area="mars")], TODAY, AREAS)


def part(received: dt.date, answered: dt.date | None, status: str = AssignmentStatus.DONE, org: str = "Alpha"):
    return PartRow(organisation=org, status=status, received_on=received, answered_on=answered)


JUNE_20 = D(2025, 6, 20)  # a Friday; the window starts on 1 July 2024


def test_answer_times_in_working_days_with_the_deadline():
    parts = [
        part(D(2025, 5, 2), D(2025, 5, 5)),  # Friday to Monday: 1
        part(D(2025, 4, 30), D(2025, 5, 2)),  # 1 May is a holiday: 1
        part(D(2025, 5, 5), D(2025, 5, 12)),  # 6, 7, (8 May), 9, 12: 4
        part(D(2025, 5, 12), D(2025, 5, 20)),  # 13 to 16, 19, 20: 6, late
        part(D(2025, 5, 26), D(2025, 6, 3), AssignmentStatus.IN_PROGRESS),  # 27, 28, (29), 30, 2, 3: 5, in time
        part(D(2025, 6, 3), D(2025, 6, 4), AssignmentStatus.HANDED_OVER),  # answered, then handed over: 1
        part(D(2025, 6, 2), None, AssignmentStatus.NEW),  # 3 to 6, (9), 10...: late, unanswered
        part(D(2025, 6, 18), None, AssignmentStatus.TAKEN),  # 19, 20: 2, not due yet
        part(D(2025, 6, 2), None, AssignmentStatus.DECLINED),  # "pas pour nous": owed nothing
        part(D(2025, 6, 2), None, AssignmentStatus.HANDED_OVER),  # passed on: the next one owes the answer
        part(D(2025, 6, 2), None, AssignmentStatus.WITHDRAWN),  # the person withdrew
        part(D(2024, 6, 30), D(2024, 7, 1)),  # received before the window
        part(D(2025, 6, 10), D(2025, 6, 12), org="beta"),
        part(D(2025, 6, 10), D(2025, 6, 20), org="beta"),
    ]
    alpha, beta = answer_delays(parts, today=JUNE_20, deadline_days=5)
    assert alpha == OrganisationDelays(name="Alpha", received=8, answered=6, median_days=2.5, due=7, within=5)
    assert alpha.median_published
    assert alpha.share_published
    assert alpha.within_percent == 71  # 5 of 7
    assert alpha.received_display == "8"
    # 11 June to 12: 2; 11 to 20: 8.
    assert beta == OrganisationDelays(name="beta", received=2, answered=2, median_days=5, due=2, within=1)
    assert beta.received_display == "< 5"
    assert not beta.median_published
    assert not beta.share_published


def test_the_deadline_day_itself_is_in_time_and_the_day_after_is_late():
    five_days = [part(D(2025, 6, 10), D(2025, 6, 17))] * 5  # 11, 12, 13, 16, 17
    six_days = [part(D(2025, 6, 10), D(2025, 6, 18))] * 5
    [in_time] = answer_delays(five_days, today=JUNE_20, deadline_days=5)
    [late] = answer_delays(six_days, today=JUNE_20, deadline_days=5)
    assert (in_time.within, in_time.within_percent, in_time.median_days) == (5, 100, 5)
    assert (late.within, late.within_percent, late.median_days) == (0, 0, 6)


def test_an_unanswered_part_becomes_due_the_working_day_after_the_deadline():
    waiting = [part(D(2025, 6, 12), None, AssignmentStatus.NEW)]  # 13, 16, 17, 18, 19: 5 on the 19th; 6 on the 20th
    [on_19] = answer_delays(waiting, today=D(2025, 6, 19), deadline_days=5)
    [on_20] = answer_delays(waiting, today=JUNE_20, deadline_days=5)
    assert (on_19.received, on_19.due, on_19.within_percent) == (1, 0, None)
    assert (on_20.received, on_20.due, on_20.within_percent, on_20.median_days) == (1, 1, 0, None)


def test_figures_resting_on_fewer_than_five_parts_are_not_published():
    four = answer_delays([part(D(2025, 6, 2), D(2025, 6, 3))] * 4, today=JUNE_20, deadline_days=5)[0]
    five = answer_delays([part(D(2025, 6, 2), D(2025, 6, 3))] * 5, today=JUNE_20, deadline_days=5)[0]
    assert (four.received_display, four.median_published, four.share_published) == ("< 5", False, False)
    assert (five.received_display, five.median_published, five.share_published) == ("5", True, True)
    # Five received, four answered and one not due yet: the share rests on four.
    mixed = [part(D(2025, 6, 2), D(2025, 6, 3))] * 4 + [part(D(2025, 6, 19), None, AssignmentStatus.NEW)]
    [row] = answer_delays(mixed, today=JUNE_20, deadline_days=5)
    assert (row.received_display, row.median_published, row.share_published) == ("5", False, False)


def test_no_parts_no_lines():
    assert answer_delays([], today=JUNE_20, deadline_days=5) == []


def test_the_window_counts_its_first_day_and_today():
    parts = [
        part(D(2024, 7, 1), D(2024, 7, 1)),  # the window's first day
        part(JUNE_20, JUNE_20),  # today
        part(D(2024, 6, 30), D(2024, 7, 1)),  # the day before
    ]
    [row] = answer_delays(parts, today=JUNE_20, deadline_days=5)
    assert row.received == 2


def test_each_late_part_counts():
    late = [part(D(2025, 6, 2), None, AssignmentStatus.NEW), part(D(2025, 6, 3), None, AssignmentStatus.TAKEN)]
    [row] = answer_delays(late, today=JUNE_20, deadline_days=5)
    assert (row.received, row.due, row.within) == (2, 2, 0)


def test_organisations_are_sorted_by_name_whatever_the_case():
    parts = [part(D(2025, 6, 2), D(2025, 6, 3), org=name) for name in ("Beta", "alpha", "Gamma")]
    assert [row.name for row in answer_delays(parts, today=JUNE_20, deadline_days=5)] == ["alpha", "Beta", "Gamma"]


def test_the_threshold_can_be_given():
    [row] = answer_delays([part(D(2025, 6, 2), D(2025, 6, 3))] * 3, today=JUNE_20, deadline_days=5, threshold=3)
    assert (row.threshold, row.received_display, row.median_published, row.share_published) == (3, "3", True, True)
