"""What the contributions panel of an event's page shows (events/_contributions_panel.html): the published
contributions, the call for contributions, the signed-in person's own proposals, and the survey's public
aggregate. A tag rather than the detail view's context, so that the event's page stays the lead's and this panel
stays here."""

from typing import Any

from django import template
from django.utils import timezone

from solozere.events.models import Contribution, Event
from solozere.events.selectors import may_organise
from solozere.events.services_contributions import actions_for, calls_for_contributions, licence_label
from solozere.events.services_survey import survey_figures
from solozere.events.survey_stats import public_summary
from solozere.events.workflow import ContributionStatus, EventStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def contributions_panel(context: template.Context, event: Event) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    is_organiser = context.get("is_organiser")
    if is_organiser is None:
        is_organiser = may_organise(user, event)
    published = list(
        Contribution.objects.filter(event=event, status=ContributionStatus.PUBLISHED).order_by("published_at", "pk")
    )
    for contribution in published:
        contribution.licence_label = licence_label(contribution.licence)  # type: ignore[attr-defined]
    mine = []
    if user is not None and user.is_authenticated:
        for contribution in Contribution.objects.filter(event=event, proposed_by=user).order_by("created_at", "pk"):
            contribution.event = event
            mine.append(
                {
                    "contribution": contribution,
                    "actions": actions_for(user, contribution, now=now, organiser=bool(is_organiser)),
                }
            )
    # A cancelled event left nothing behind: no "no contribution" line, no survey.
    is_past = event.ends_at <= now and event.status != EventStatus.CANCELLED
    figures = survey_figures(event) if is_past else None
    call_open = calls_for_contributions(event, now=now)
    return {
        "published": published,
        "mine": mine,
        "call_open": call_open,
        "is_organiser": bool(is_organiser),
        "is_past": is_past,
        "survey": public_summary(figures) if figures is not None else None,
        "survey_count": figures.count if figures is not None else 0,
        "show": bool(published or mine or call_open or is_organiser or is_past or event.contributions_note),
    }
