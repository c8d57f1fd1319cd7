"""The events held, year by year, for the public statistics: two queries whatever the number of events.

Held: public, over and not cancelled (selectors.past_events), demo events left out (fictional content is never
counted). Participants: the confirmed registrations of those events, except those marked absent and a demo account's;
an event of the past told only in words (attendance_note, such as the 2011 rencontres) counts as held, with no one."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from solozere.events.models import Registration
from solozere.events.selectors import past_events
from solozere.events.workflow import RegistrationStatus


@dataclass(frozen=True)
class HeldYear:
    year: int
    events: int
    participants: int


def held_events_by_year(*, now: dt.datetime | None = None) -> list[HeldYear]:
    """Each year with at least one event held, oldest first."""
    now = now or timezone.now()
    events = past_events(now=now).filter(is_demo=False).order_by()
    years = Counter(timezone.localtime(start).year for start in events.values_list("starts_at", flat=True))
    participants = Counter(
        timezone.localtime(start).year
        for start in Registration.objects.filter(event__in=events, status=RegistrationStatus.REGISTERED)
        .exclude(attended=False)
        .exclude(user__is_demo=True)
        .order_by()
        .values_list("event__starts_at", flat=True)
    )
    return [HeldYear(year=year, events=years[year], participants=participants[year]) for year in sorted(years)]
