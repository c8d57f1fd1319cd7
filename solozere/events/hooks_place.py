"""What events attach to places (registered in EventsConfig.ready): the place's next events on its page, its
agenda feed announced in the page's <head>, and a link to organise one on its managers' dashboard."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from solozere.events.selectors import upcoming_events
from solozere.events.workflow import EventStatus
from solozere.places.models import Place

NEXT_EVENTS = 3


def next_events_panel(request: HttpRequest | None, place: Place) -> str:
    # One query: the panel shows each event's title and dates, not its sites.
    events = list(
        upcoming_events(now=timezone.now())
        .filter(sites__place=place, status=EventStatus.PUBLISHED)
        .distinct()
        .order_by("starts_at", "pk")[:NEXT_EVENTS]
    )
    return render_to_string("events/_place_panel.html", {"place": place, "events": events}, request=request)


def feed_link(request: HttpRequest | None, place: Place) -> str:
    return render_to_string("events/_place_head.html", {"place": place}, request=request)


def manager_dashboard_panel(request: HttpRequest | None, place: Place) -> str:
    return render_to_string("events/_manager_panel.html", {"place": place}, request=request)
