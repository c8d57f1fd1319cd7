"""A member's pages: book from a place (/lieux/<slug>/reserver/), "Mes réservations" (/reservations/), cancel.
Another person's booking is a 404; every change goes through the services."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.feeds import feed_context
from solozere.bookings import availability
from solozere.bookings.forms import DeskBookingForm, RoomBookingForm
from solozere.bookings.models import Booking, Resource, ResourceKind
from solozere.bookings.selectors import bookable_resources, booking_of, bookings_of, resource_of_place
from solozere.bookings.selectors_waitlist import waitlist_of
from solozere.bookings.services import (
    BookingError,
    booking_cancel,
    booking_preview,
    booking_request,
    booking_when,
    closures_of,
    may_book,
)
from solozere.bookings.services_waitlist import entry_when
from solozere.bookings.workflow import ACTIVE_STATES
from solozere.places.models import Place

# How far ahead the booking page shows the open days of a resource.
AHEAD_DAYS = 14


def _place_or_404(slug: str) -> Place:
    try:
        return Place.objects.select_related("commune").get(slug=slug)
    except Place.DoesNotExist:
        raise Http404 from None


def _resource_or_404(place: Place, pk: int) -> Resource:
    try:
        return resource_of_place(place, pk)
    except Resource.DoesNotExist:
        raise Http404 from None


@require_GET
def place_resources(request: HttpRequest, slug: str) -> HttpResponse:
    """What can be booked at a place, with its rules and price; public."""
    place = _place_or_404(slug)
    resources = bookable_resources(place)
    if not resources:
        raise Http404
    return render(request, "bookings/place_resources.html", {"place": place, "resources": resources})


def _week_ahead(resource: Resource) -> list[availability.DayPlan]:
    today = timezone.localdate()
    end = today + dt.timedelta(days=AHEAD_DAYS - 1)
    return availability.days(
        expression=resource.place.opening_hours,
        start=today,
        end=end,
        closures=closures_of(resource.place, today, end),
        granularity=resource.granularity,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Two steps without JavaScript: the form shows every slot asked for ("Vérifier"), then "Confirmer" books."""
    place = _place_or_404(slug)
    resource = _resource_or_404(place, pk)
    form_class = RoomBookingForm if resource.kind == ResourceKind.MEETING_ROOM else DeskBookingForm
    refusal = may_book(request.user, resource)
    preview: list[availability.Slot] = []
    form = form_class(request.POST or None)
    full = False
    if request.method == "POST" and not refusal and form.is_valid():
        arguments = form.request_arguments()
        try:
            if request.POST.get("confirm") == "1":
                booking = booking_request(
                    actor=request.user,  # type: ignore[arg-type]
                    resource=resource,
                    note=form.cleaned_data.get("note", ""),
                    **arguments,
                )
                if booking.status == "confirmed":
                    messages.success(request, _("Réservation confirmée : %(when)s.") % {"when": booking_when(booking)})
                else:
                    messages.success(
                        request,
                        _("Demande envoyée : les gestionnaires du lieu la valident, vous recevrez un e-mail."),
                    )
                return redirect("bookings:mine_detail", booking.pk)
            preview = booking_preview(resource=resource, **arguments)
        except BookingError as error:
            form.add_error(None, error.message)
            full = error.full
    elif request.method == "POST" and refusal:
        form.is_valid()
        form.add_error(None, refusal)
    return render_book(request, place=place, resource=resource, form=form, refusal=refusal, preview=preview, full=full)


def render_book(
    request: HttpRequest,
    *,
    place: Place,
    resource: Resource,
    form: Any,
    refusal: str = "",
    preview: list[availability.Slot] | None = None,
    full: bool = False,
) -> HttpResponse:
    """The booking page; `full` offers the waiting list for the request the form holds."""
    preview = preview or []
    return render(
        request,
        "bookings/book.html",
        {
            "place": place,
            "resource": resource,
            "form": form,
            "refusal": refusal,
            "preview": preview,
            "preview_days": _group_by_day(preview),
            "ahead": _week_ahead(resource),
            "full": full,
        },
        status=400 if form.errors else 200,
    )


def _group_by_day(slots: list[availability.Slot]) -> list[tuple[str, list[availability.Slot]]]:
    days: dict[dt.date, list[availability.Slot]] = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    return [(availability.date_label(day), day_slots) for day, day_slots in days.items()]


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    upcoming, past = bookings_of(request.user)
    return render(
        request,
        "bookings/mine.html",
        {
            "upcoming": [_row(b) for b in upcoming],
            "past": [_row(b) for b in past],
            "waiting": [{"entry": entry, "when": entry_when(entry)} for entry in waitlist_of(request.user)],
            **feed_context(user=request.user, purpose="bookings", next_url=request.path),  # type: ignore[arg-type]
        },
    )


def _row(booking: Booking) -> dict[str, Any]:
    return {"booking": booking, "when": booking_when(booking)}


def _mine_or_404(request: HttpRequest, pk: int) -> Booking:
    try:
        return booking_of(request.user, pk)
    except Booking.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_GET
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _mine_or_404(request, pk)
    rules = booking.resource.rules
    can_cancel = booking.status in ACTIVE_STATES and availability.may_cancel(
        starts_at=booking.starts_at, deadline=rules.cancellation_deadline, now=timezone.now()
    )
    return render(
        request,
        "bookings/mine_detail.html",
        {
            "booking": booking,
            "when": booking_when(booking),
            "slot_days": _group_by_day(
                [
                    availability.Slot(day=s.day, code=s.code, starts_at=s.starts_at, ends_at=s.ends_at)
                    for s in booking.slots.all()
                ]
            ),
            "can_cancel": can_cancel,
            "events": list(booking.events.all()),
        },
    )


@login_required
@require_POST
def mine_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _mine_or_404(request, pk)
    try:
        booking_cancel(actor=request.user, booking=booking)  # type: ignore[arg-type]
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Réservation annulée : le créneau est rendu au lieu."))
    return redirect("bookings:mine_detail", booking.pk)
