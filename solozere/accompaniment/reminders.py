"""The reminder ladder of a request nobody has taken: after so many working days, the organisation, then the
request's lead organisation, then the network's staff. Pure: no ORM, no clock (the days waited are counted by
solozere.core.dates.working_days_between)."""

import itertools
from collections.abc import Sequence
from enum import StrEnum


class Rung(StrEnum):
    ORGANISATION = "organisation"
    LEAD = "lead"
    STAFF = "staff"


RUNGS = (Rung.ORGANISATION, Rung.LEAD, Rung.STAFF)


def check_ladder(days: Sequence[int]) -> tuple[int, ...]:
    """The setting ACCOMPANIMENT_REMINDER_DAYS, checked: one positive number per rung, increasing."""
    ladder = tuple(days)
    if len(ladder) != len(RUNGS) or ladder[0] < 1 or any(b <= a for a, b in itertools.pairwise(ladder)):
        raise ValueError(
            f"ACCOMPANIMENT_REMINDER_DAYS needs {len(RUNGS)} increasing numbers of working days, got {ladder}."
        )
    return ladder


def reminder_due(*, sent: int, waited: int, days: Sequence[int]) -> tuple[int, Rung] | None:
    """The reminder to send now, as (the level it brings the assignment to, its rung), or None.

    `sent` is how many rungs were already sent, `waited` the working days since the organisation got the request.
    When several rungs have come due at once (the command did not run for a while), only the highest is sent: a
    late reminder to the organisation would say less than the one to staff."""
    ladder = check_ladder(days)
    due = sum(1 for threshold in ladder if waited >= threshold)
    if due <= sent:
        return None
    return due, RUNGS[due - 1]
