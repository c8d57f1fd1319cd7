"""What bookings attach to places (registered in BookingsConfig.ready): a "Réserver" entry on the place page when
it has bookable resources, and the bookings' links on its managers' dashboard."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from solozere.bookings.selectors import bookable_resources, pending_count
from solozere.places.models import Place


def detail_panel(request: HttpRequest | None, place: Place) -> str:
    resources = bookable_resources(place)
    if not resources:
        return ""
    return render_to_string("bookings/_place_panel.html", {"place": place, "resources": resources}, request=request)


def manager_dashboard_panel(request: HttpRequest | None, place: Place) -> str:
    context = {"place": place, "resources": bookable_resources(place), "pending": pending_count(place)}
    return render_to_string("bookings/_manager_panel.html", context, request=request)
