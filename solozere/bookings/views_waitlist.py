"""The waiting list: join from the booking page when a slot is full, follow one's place in line from "Mes
réservations", and take (or leave) a freed seat from the link of the offer e-mail. Another person's entry is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.bookings.forms import DeskBookingForm, RoomBookingForm
from solozere.bookings.models import ResourceKind, WaitlistEntry, WaitlistStatus
from solozere.bookings.selectors_waitlist import waitlist_entry_of
from solozere.bookings.services import BookingError, booking_when
from solozere.bookings.services_waitlist import entry_when, position, waitlist_accept, waitlist_join, waitlist_leave
from solozere.bookings.views import _place_or_404, _resource_or_404, render_book


@login_required
@require_POST
def join(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _place_or_404(slug)
    resource = _resource_or_404(place, pk)
    form_class = RoomBookingForm if resource.kind == ResourceKind.MEETING_ROOM else DeskBookingForm
    form = form_class(request.POST)
    if form.is_valid():
        try:
            entry = waitlist_join(
                actor=request.user,  # type: ignore[arg-type]
                resource=resource,
                note=form.cleaned_data.get("note", ""),
                **form.request_arguments(),
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Vous êtes sur la liste d'attente (n° %(position)s pour ce jour). Si une place se libère, vous "
                    "recevrez un e-mail pour la réserver."
                )
                % {"position": position(entry)},
            )
            return redirect("bookings:waitlist_detail", entry.pk)
    return render_book(request, place=place, resource=resource, form=form)


def _mine_or_404(request: HttpRequest, pk: int) -> WaitlistEntry:
    try:
        return waitlist_entry_of(request.user, pk)
    except WaitlistEntry.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _mine_or_404(request, pk)
    now = timezone.now()
    offer_running = (
        entry.status == WaitlistStatus.OFFERED and entry.offer_expires_at is not None and entry.offer_expires_at > now
    )
    return render(
        request,
        "bookings/waitlist_detail.html",
        {
            "entry": entry,
            "when": entry_when(entry),
            "offer_running": offer_running,
            "in_line": entry.status in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED),
            "position": position(entry) if entry.status == WaitlistStatus.WAITING else None,
            "booking_when": booking_when(entry.booking) if entry.booking else "",
        },
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _mine_or_404(request, pk)
    try:
        booking = waitlist_accept(actor=request.user, entry=entry)  # type: ignore[arg-type]
    except BookingError as error:
        messages.error(request, error.message)
        return redirect("bookings:waitlist_detail", entry.pk)
    if booking.status == "confirmed":
        messages.success(request, _("Réservation confirmée : %(when)s.") % {"when": booking_when(booking)})
    else:
        messages.success(
            request, _("Demande envoyée : les gestionnaires du lieu la valident, vous recevrez un e-mail.")
        )
    return redirect("bookings:mine_detail", booking.pk)


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _mine_or_404(request, pk)
    try:
        waitlist_leave(actor=request.user, entry=entry)  # type: ignore[arg-type]
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Vous avez quitté la liste d'attente."))
    return redirect("bookings:waitlist_detail", entry.pk)
