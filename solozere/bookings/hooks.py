"""What bookings attach to places (registered in BookingsConfig.ready): a "Réserver" entry on the place page when
it has bookable resources, with the occupancy of its seats last month and this month, and the bookings' links on
its managers' dashboard."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from solozere.bookings import occupancy
from solozere.bookings.selectors import bookable_resources, pending_count
from solozere.bookings.selectors_occupancy import SEAT_KINDS, place_occupancy
from solozere.community.stats import SMALL_GROUP_THRESHOLD
from solozere.places.models import Place


def detail_panel(request: HttpRequest | None, place: Place) -> str:
    resources = bookable_resources(place)
    if not resources:
        return ""
    context: dict[str, object] = {"place": place, "resources": resources}
    if any(resource.kind in SEAT_KINDS for resource in resources):
        this_month = occupancy.first_of_month(timezone.localdate())
        figures = place_occupancy(place, [occupancy.previous_month(this_month), this_month])
        context |= {
            "occupancy": figures,
            "occupancy_small": any(row.is_small for row in figures),
            "threshold": SMALL_GROUP_THRESHOLD,
        }
    return render_to_string("bookings/_place_panel.html", context, request=request)


def manager_dashboard_panel(request: HttpRequest | None, place: Place) -> str:
    context = {"place": place, "resources": bookable_resources(place), "pending": pending_count(place)}
    return render_to_string("bookings/_manager_panel.html", context, request=request)
