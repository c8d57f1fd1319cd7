"""The public statistics of accompaniment, from plain rows. Pure: no ORM.

What is counted: the requests of the last MONTHS months (the current one included) whose person confirmed their
e-mail address. A request still waiting for that confirmation (pending), or withdrawn before it, reached nobody: it
is not counted. The three splits (by month, by topic, by territory) go through the census's rule
(community.stats.protect_table, ADR 0004): no group of 1 to 4 requests is shown, even by subtraction. A request may
name several topics, so the topic split sums to more than the requests: the rule still holds, because a reader then
knows less than the sum it assumes (at most a lower bound).

The answer times, per organisation: each organisation's part in a request (an assignment) counts from the day it
reached the organisation to the day the organisation first wrote to the person in that request, in working days
(core.dates). A part the organisation declined ("pas pour nous") or handed over without writing to the person, or
that the person withdrew before an answer, owes no answer: it is left out. A part still unanswered counts as late
once the deadline has passed, and not at all before. An organisation's median and share are published only when
they rest on at least SMALL_GROUP_THRESHOLD parts: a median of two requests would tell when two people got their
answer."""

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import capfirst

from solozere.accompaniment.topics import Topic
from solozere.accompaniment.workflow import AssignmentStatus
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.core.dates import working_days_between

MONTHS = 12

# Parts that owe the person no answer when the organisation did not write: the request went elsewhere or was
# withdrawn.
NO_ANSWER_OWED = frozenset({AssignmentStatus.DECLINED, AssignmentStatus.HANDED_OVER, AssignmentStatus.WITHDRAWN})

TableRow = tuple[str, str, int]  # (key, label, count): what community.stats.protect_table reads


@dataclass(frozen=True)
class RequestRow:
    created_on: dt.date  # the day it was made (Europe/Paris)
    topics: tuple[str, ...]
    area: str  # the key of its territory (see by_area)


@dataclass(frozen=True)
class PartRow:
    organisation: str  # its name: the line of the table
    status: str  # an AssignmentStatus
    received_on: dt.date
    answered_on: dt.date | None  # the organisation's first message to the person in this request


def months_back(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first day of each of the `count` months that end with today's, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return firsts[::-1]


def window_start(today: dt.date) -> dt.date:
    """The first day counted: the first of the month MONTHS-1 months before today's."""
    return months_back(today)[0]


def in_window(rows: Iterable[RequestRow], today: dt.date) -> list[RequestRow]:
    start = window_start(today)
    return [row for row in rows if start <= row.created_on <= today]


def month_label(month: dt.date) -> str:
    """ "Mars 2025" (in the active language)."""
    return capfirst(date_format(month, "F Y"))


def by_month(rows: Iterable[RequestRow], today: dt.date) -> list[TableRow]:
    """Every month of the window, empty ones too, oldest first."""
    counts = Counter((row.created_on.year, row.created_on.month) for row in in_window(rows, today))
    return [(f"{month:%Y-%m}", month_label(month), counts[(month.year, month.month)]) for month in months_back(today)]


def by_topic(rows: Iterable[RequestRow], today: dt.date) -> list[TableRow]:
    """Every topic, in the form's order; a request counts once for each topic it names (an unknown one is
    ignored)."""
    counts: Counter[str] = Counter()
    for row in in_window(rows, today):
        counts.update(set(row.topics))
    return [(topic.value, str(topic.label), counts[topic.value]) for topic in Topic]


def by_area(
    rows: Iterable[RequestRow],
    today: dt.date,
    areas: Sequence[tuple[str, str]],
    *,
    shown_when_empty: Collection[str] | None = None,
) -> list[TableRow]:
    """The requests in each of `areas` (key, label), in that order. An area whose key is not in `shown_when_empty`
    (all of them when it is None) is listed only when it holds a request: a catch-all row ("autre commune") that is
    absent says 0 as plainly as a 0 would. A request whose area is not among them raises ValueError."""
    keys = {key for key, _label in areas}
    counts = Counter(row.area for row in in_window(rows, today))
    stray = set(counts) - keys
    if stray:
        raise ValueError(f"Requests in unknown areas: {sorted(stray)}.")
    return [
        (key, label, counts[key])
        for key, label in areas
        if shown_when_empty is None or key in shown_when_empty or counts[key]
    ]


@dataclass(frozen=True)
class OrganisationDelays:
    name: str
    received: int  # its parts that count (see the module's docstring)
    answered: int
    median_days: float | None  # working days to the first answer, over the answered parts
    due: int  # answered, or unanswered past the deadline
    within: int  # answered within the deadline
    threshold: int = SMALL_GROUP_THRESHOLD

    @property
    def median_published(self) -> bool:
        return self.answered >= self.threshold

    @property
    def share_published(self) -> bool:
        return self.due >= self.threshold

    @property
    def within_percent(self) -> int | None:
        """The share of the due parts answered within the deadline, rounded to the unit."""
        return round(100 * self.within / self.due) if self.due else None

    @property
    def received_display(self) -> str:
        return f"< {self.threshold}" if 0 < self.received < self.threshold else str(self.received)


def answer_delays(
    parts: Iterable[PartRow], *, today: dt.date, deadline_days: int, threshold: int = SMALL_GROUP_THRESHOLD
) -> list[OrganisationDelays]:
    """Each organisation with a part received in the window, by name."""
    start = window_start(today)
    days_by_org: dict[str, list[int]] = {}
    received: Counter[str] = Counter()
    late: Counter[str] = Counter()  # unanswered past the deadline
    for part in parts:
        if not start <= part.received_on <= today:
            continue
        if part.answered_on is None and part.status in NO_ANSWER_OWED:
            continue
        received[part.organisation] += 1
        days_by_org.setdefault(part.organisation, [])
        if part.answered_on is not None:
            days_by_org[part.organisation].append(working_days_between(part.received_on, part.answered_on))
        elif working_days_between(part.received_on, today) > deadline_days:
            late[part.organisation] += 1
    result = []
    for name in sorted(received, key=lambda n: (n.casefold(), n)):
        days = days_by_org[name]
        result.append(
            OrganisationDelays(
                name=name,
                received=received[name],
                answered=len(days),
                median_days=statistics.median(days) if days else None,
                due=len(days) + late[name],
                within=sum(1 for d in days if d <= deadline_days),
                threshold=threshold,
            )
        )
    return result
