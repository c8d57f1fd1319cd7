"""The registration panel of an event's page, and the registrations' block of the account page."""

from typing import Any

from django import template

from solozere.events.panel_registration import panel_context
from solozere.events.selectors_registration import registrations_of

register = template.Library()


@register.inclusion_tag("events/_registration_box.html", takes_context=True)
def registration_panel(context: template.Context) -> dict[str, Any]:
    """On the event page (events/_registration_panel.html): the seats, the person's registration or the form."""
    request = context["request"]
    return {**panel_context(request, context["event"]), "request": request, "user": request.user}


@register.inclusion_tag("events/_registration_account_block.html", takes_context=True)
def events_account_block(context: template.Context) -> dict[str, Any]:
    """On « Mon compte »: the registrations to come, and the way to « Mes inscriptions »."""
    request = context["request"]
    upcoming, _others = registrations_of(request.user)
    return {"upcoming": upcoming, "request": request}
