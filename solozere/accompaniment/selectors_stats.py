"""Reads for the public statistics of accompaniment (accompaniment.stats): plain rows in seven queries, whatever the
number of requests, parts and messages.

Counted: the requests whose e-mail address was confirmed (accompaniment.stats), made in the window, by anyone but a
demo account (fictional content is never counted). Territories: the census's partition of Lozère (the 2014 cantons
where they apply, elsewhere the EPCI: community.selectors.census_areas), so that both pages split Lozère alike; a
commune déléguée is counted where its own row lies, else with its current commune."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.accompaniment import stats
from solozere.accompaniment.models import Assignment, Message, MessageSender, ProjectRequest
from solozere.community.selectors import OUTSIDE_KEY, UNZONED_KEY, census_areas
from solozere.community.stats import ProtectedTable, protect_table
from solozere.core.demo import DEMO_EMAIL_DOMAIN

NOT_CHOSEN_KEY = "commune-non-choisie"


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def counted_requests(today: dt.date) -> QuerySet[ProjectRequest]:
    """The requests the statistics count (see the module's docstring)."""
    return ProjectRequest.objects.filter(
        confirmed_at__isnull=False, created_at__gte=_start_of(stats.window_start(today))
    ).exclude(Q(user__is_demo=True) | Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}"))


def request_areas() -> tuple[dict[int, str], list[tuple[str, str]]]:
    """{commune pk: area key} and the areas in display order: the census's, "not chosen yet" instead of "outside
    Lozère" (a request's commune is always one of Lozère's)."""
    mapping, areas = census_areas()
    areas = [(key, label) for key, label in areas if key != OUTSIDE_KEY]
    return mapping, [*areas, (NOT_CHOSEN_KEY, _("Commune pas encore choisie"))]


def request_rows(today: dt.date, mapping: dict[int, str]) -> list[stats.RequestRow]:
    """The counted requests, each in its area of `mapping` (request_areas). One query."""
    rows = []
    values = counted_requests(today).values_list("created_at", "topics", "commune_id", "commune__parent_id")
    for created_at, topics, commune_id, parent_id in values.order_by():
        if commune_id is None:
            area = NOT_CHOSEN_KEY
        else:
            area = mapping.get(commune_id) or (mapping.get(parent_id) if parent_id else None) or UNZONED_KEY
        rows.append(
            stats.RequestRow(
                created_on=timezone.localdate(created_at),
                topics=tuple(t for t in topics or () if isinstance(t, str)),
                area=area,
            )
        )
    return rows


def part_rows(today: dt.date) -> list[stats.PartRow]:
    """Each organisation's part in a counted request, with the day the organisation first wrote to the person in
    that request after receiving it (an internal note, such as a hand-over's, is not an answer). Two queries."""
    requests = counted_requests(today)
    parts = list(
        Assignment.objects.filter(request__in=requests)
        .order_by()
        .values_list("request_id", "organisation_id", "organisation__name", "status", "created_at")
    )
    written: dict[tuple[int, int], list[dt.datetime]] = {}
    messages = Message.objects.filter(
        request__in=requests,
        sender=MessageSender.AGENT,
        internal=False,
        organisation__isnull=False,
    ).values_list("request_id", "organisation_id", "created_at")
    for request_id, organisation_id, created_at in messages.order_by():
        written.setdefault((request_id, organisation_id), []).append(created_at)
    rows = []
    for request_id, organisation_id, name, status, received_at in parts:
        after = [moment for moment in written.get((request_id, organisation_id), ()) if moment >= received_at]
        rows.append(
            stats.PartRow(
                organisation=name,
                status=status,
                received_on=timezone.localdate(received_at),
                answered_on=timezone.localdate(min(after)) if after else None,
            )
        )
    return rows


@dataclass(frozen=True)
class AccompanimentStats:
    today: dt.date
    start: dt.date
    counted: int  # requests in the window
    by_month: ProtectedTable
    by_topic: ProtectedTable
    by_area: ProtectedTable
    delays: list[stats.OrganisationDelays]
    deadline_days: int


def accompaniment_stats(today: dt.date | None = None) -> AccompanimentStats:
    """Everything the public page shows of accompaniment, protected by the census's rule. Seven queries."""
    day = today or timezone.localdate()
    mapping, areas = request_areas()
    rows = stats.in_window(request_rows(day, mapping), day)
    deadline = settings.ACCOMPANIMENT_ANSWER_DEADLINE_DAYS
    return AccompanimentStats(
        today=day,
        start=stats.window_start(day),
        counted=len(rows),
        by_month=protect_table(stats.by_month(rows, day)),
        by_topic=protect_table(stats.by_topic(rows, day)),
        by_area=protect_table(
            stats.by_area(rows, day, areas, shown_when_empty={key for key, _label in areas if key != UNZONED_KEY})
        ),
        delays=stats.answer_delays(part_rows(day), today=day, deadline_days=deadline),
        deadline_days=deadline,
    )
