"""The public agenda: upcoming events (/agenda/, list or month), past events with their contributions
(/agenda/passes/), and the public iCal feeds, whole (/agenda/agenda.ics) and per place (/lieux/<slug>/agenda.ics)."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from solozere.core.calendar import CONTENT_TYPE, build_calendar, ics_filename
from solozere.core.page_cache import cache_anonymous_page
from solozere.events import agenda
from solozere.events.calendar import calendar_events, feed_events
from solozere.places.models import Place


def _month(value: str | None, default: dt.date) -> tuple[dt.date, str]:
    """The month of ?mois=YYYY-MM, or the current one with a French message."""
    if not value:
        return default.replace(day=1), ""
    try:
        year, month = (int(part) for part in value.split("-"))
        if not 2000 <= year <= 2100:
            raise ValueError
        return dt.date(year, month, 1), ""
    except ValueError:
        return default.replace(day=1), _(
            "Mois inconnu : « %(value)s ». Écrivez l'année puis le mois, par exemple 2026-12."
        ) % {"value": value[:20]}


FILTERS = ("type", "lieu", "commune", "rayon", "en_ligne")


def _filtered(request: HttpRequest) -> bool:
    """Whether a filter is in the URL: the filters' box then opens, to show them and their errors."""
    return any(request.GET.get(name) for name in FILTERS)


def _shift(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


@require_GET
@cache_anonymous_page("events", "places", "territory", per_minute=True)
def agenda_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if request.GET.get("vue") == "mois":
        month, error = _month(request.GET.get("mois"), timezone.localdate())
        result, weeks = agenda.month_grid(request.GET, month=month, now=now)
        if error:
            result.errors.insert(0, error)
        return render(
            request,
            "events/agenda_month.html",
            {
                "result": result,
                "form": result.form,
                "weeks": weeks,
                "month": month,
                "month_label": date_format(month, "F Y"),
                "previous": _shift(month, -1),
                "next": _shift(month, 1),
                "today": timezone.localdate(),
                "filtered": _filtered(request),
            },
        )
    result = agenda.search(request.GET, now=now)
    return render(
        request,
        "events/agenda_list.html",
        {"result": result, "form": result.form, "page_obj": result.page, "filtered": _filtered(request)},
    )


@require_GET
@cache_anonymous_page("events", "places", per_minute=True)
def agenda_past(request: HttpRequest) -> HttpResponse:
    page_number = request.GET.get("page") or 1
    page = agenda.past(page_number, now=timezone.now())
    return render(request, "events/agenda_past.html", {"page_obj": page, "events": list(page.object_list)})


def _feed(name: str, events: list, filename: str) -> HttpResponse:  # type: ignore[type-arg]
    response = HttpResponse(build_calendar(calendar_events(events), name=name), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{ics_filename(filename)}"'
    return response


@require_GET
@cache_anonymous_page("events", "places", per_minute=True)
def agenda_feed(request: HttpRequest) -> HttpResponse:
    events = list(feed_events(now=timezone.now()))
    return _feed(_("Agenda de %(site)s") % {"site": settings.SITE_NAME}, events, "agenda")


@require_GET
@cache_anonymous_page("events", "places", per_minute=True)
def place_feed(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = Place.objects.get(slug=slug)
    except Place.DoesNotExist:
        raise Http404 from None
    events = list(feed_events(now=timezone.now(), place=place))
    return _feed(_("Agenda : %(place)s") % {"place": place.name}, events, f"agenda-{place.slug}")
