"""Public pages of the agenda: an event's page (/agenda/<slug>/). A draft is a 404 for all but its organisers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from solozere.events.models import Event
from solozere.events.selectors import may_organise, organised_event, visible_event


def event_or_404(request: HttpRequest, slug: str) -> Event:
    try:
        return visible_event(request.user, slug)
    except Event.DoesNotExist:
        raise Http404 from None


def organised_or_404(request: HttpRequest, slug: str) -> Event:
    """The event at `slug` if the person organises it; a 404 for anyone else (another's event does not exist)."""
    try:
        return organised_event(request.user, slug)
    except Event.DoesNotExist:
        raise Http404 from None


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    now = timezone.now()
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sites": list(event.sites.all()),
            "is_organiser": may_organise(request.user, event),
            "is_past": event.ends_at <= now,
            "now": now,
        },
    )
