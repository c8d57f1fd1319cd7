"""What presence attaches to the pages of a place (registered in BookingsConfig.ready): « j'y suis » on the public
page, and the printable QR code on its managers' dashboard."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from solozere.bookings.forms_presence import CheckInForm
from solozere.bookings.selectors_presence import is_in_service, today_presence
from solozere.places.models import Place


def presence_panel(request: HttpRequest | None, place: Place) -> str:
    """Who is here today, for active members only (see selectors_presence). A visitor's page is cached and shared:
    it holds the same invitation for every visitor and no figure."""
    if not is_in_service(place):
        return ""
    user: Any = getattr(request, "user", None)
    presence = today_presence(viewer=user, place=place) if user is not None else None
    form = None
    if presence is not None:
        initial = presence.own.visible_to_members if presence.own else presence.share_by_default
        form = CheckInForm(initial={"visible_to_members": initial})
    context = {"place": place, "presence": presence, "form": form}
    return render_to_string("bookings/presence/_place_panel.html", context, request=request)


def manager_dashboard_panel(request: HttpRequest | None, place: Place) -> str:
    if not is_in_service(place):
        return ""
    return render_to_string("bookings/presence/_manager_panel.html", {"place": place}, request=request)
