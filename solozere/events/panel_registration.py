"""What the registration panel of an event's page shows (events/_registration_box.html), for whoever looks: the
seats of each site, the person's own registration, or the form. The event page and the registration page (a form
sent back with its errors) both use it."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from solozere.accounts.selectors import has_verified_email
from solozere.events.forms_registration import RegistrationForm
from solozere.events.models import Event
from solozere.events.selectors import may_organise
from solozere.events.selectors_registration import live_registration_of, questions_of, site_seats
from solozere.events.services_registration import (
    CONFIRMATION_HOURS,
    refusal,
    retention_days,
)


def panel_context(
    request: HttpRequest, event: Event, *, form: RegistrationForm | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    user = request.user
    signed_in = bool(user.is_authenticated)
    sites = list(event.sites.all())
    mine = live_registration_of(user, event) if signed_in else None
    refused = refusal(event, now=now)
    if form is None and sites and not refused and mine is None:
        form = RegistrationForm(sites=sites, questions=questions_of(event), visitor=not signed_in)
    return {
        "event": event,
        "seats": site_seats(event, sites) if sites else [],
        "several_sites": len(sites) > 1,
        "refusal": refused,
        "is_over": event.ends_at <= now,
        "mine": mine,
        "form": form,
        "visitor": not signed_in,
        "verified": has_verified_email(user) if signed_in else True,
        "is_organiser": may_organise(user, event),
        "retention_days": retention_days(),
        "confirmation_hours": CONFIRMATION_HOURS,
    }
