"""The occupancy of the places' seats, month by month: public (/reservations/statistiques/), without the counts of
the places where fewer than five people booked (bookings.occupancy)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from solozere.bookings import occupancy
from solozere.bookings.forms import MonthForm
from solozere.bookings.selectors_occupancy import network_occupancy
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.core.page_cache import cache_anonymous_page


def month_context(request: HttpRequest) -> tuple[MonthForm, dt.date, dict[str, object]]:
    """The month form of ?mois=, and the month shown with its neighbours (the current one when the value is bad)."""
    form = MonthForm(request.GET or None, default=timezone.localdate())
    month = form.month
    return (
        form,
        month,
        {
            "form": form,
            "month": month,
            "previous": occupancy.previous_month(month),
            "following": occupancy.next_month(month),
            "current": occupancy.first_of_month(timezone.localdate()),
        },
    )


@require_GET
@cache_anonymous_page("bookings", "places")
def statistics(request: HttpRequest) -> HttpResponse:
    form, month, context = month_context(request)
    context |= {"network": network_occupancy(month), "threshold": SMALL_GROUP_THRESHOLD, "public": True}
    return render(request, "bookings/occupancy/statistics.html", context, status=400 if form.errors else 200)
