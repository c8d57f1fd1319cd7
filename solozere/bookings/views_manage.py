"""A place's managers (and the staff): the calendar (day and week), a booking's decision, the monthly CSV export,
resources and closures. Another place is a 404 (places.selectors.managed_place)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.feeds import feed_context
from solozere.bookings import availability
from solozere.bookings.forms import ClosureForm, ReasonForm, ResourceForm
from solozere.bookings.models import Booking, Closure, Resource
from solozere.bookings.selectors import (
    booking_of_place,
    calendar,
    closures_of_place,
    place_bookings,
    resource_of_place,
)
from solozere.bookings.selectors_waitlist import place_waitlist
from solozere.bookings.services import (
    BookingError,
    booking_cancel,
    booking_confirm,
    booking_mark_no_show,
    booking_refuse,
    booking_when,
    closure_create,
    closure_delete,
    resource_save,
)
from solozere.bookings.services_waitlist import entry_when
from solozere.bookings.workflow import WORKFLOW, BookingStatus, Role
from solozere.core.csv_export import SafeWriter
from solozere.places.models import Place
from solozere.places.selectors import managed_place


def _managed_or_404(request: HttpRequest, slug: str) -> Place:
    try:
        return managed_place(request.user, slug)
    except Place.DoesNotExist:
        raise Http404 from None


def _day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


@never_cache
@login_required
@require_GET
def place_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    view = "jour" if request.GET.get("vue") == "jour" else "semaine"
    day = _day(request.GET.get("date"))
    if view == "jour":
        start = end = day
        previous, following = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    else:
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        previous, following = start - dt.timedelta(days=7), start + dt.timedelta(days=7)
    days, rows = calendar(place, start, end)
    bookings = place_bookings(place, start, end)
    return render(
        request,
        "bookings/calendar.html",
        {
            "place": place,
            "view": view,
            "day": day,
            "start": start,
            "end": end,
            "days": [(d, availability.date_label(d)) for d in days],
            "rows": rows,
            "bookings": [(b, booking_when(b)) for b in bookings],
            "waiting": [(entry, entry_when(entry)) for entry in place_waitlist(place, start, end)],
            "previous": previous,
            "following": following,
            "title_range": availability.date_label(start)
            if view == "jour"
            else _("semaine du %(start)s au %(end)s")
            % {"start": availability.date_label(start), "end": availability.date_label(end)},
            "month": start.strftime("%Y-%m"),
            **feed_context(
                user=request.user,  # type: ignore[arg-type]
                purpose=f"place-bookings:{place.pk}",
                next_url=request.get_full_path(),
            ),
        },
    )


def _booking_or_404(place: Place, pk: int) -> Booking:
    try:
        return booking_of_place(place, pk)
    except Booking.DoesNotExist:
        raise Http404 from None


@never_cache
@login_required
@require_GET
def booking_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _managed_or_404(request, slug)
    booking = _booking_or_404(place, pk)
    return _detail(request, place, booking, ReasonForm(prefix="refuse"), ReasonForm(prefix="cancel"))


def _detail(
    request: HttpRequest, place: Place, booking: Booking, refuse_form: ReasonForm, cancel_form: ReasonForm
) -> HttpResponse:
    actions = {t.action for t in WORKFLOW.available(booking.status, Role.MANAGER)}
    return render(
        request,
        "bookings/manage_booking.html",
        {
            "place": place,
            "booking": booking,
            "when": booking_when(booking),
            "actions": actions,
            "begun": booking.starts_at <= timezone.now(),
            "refuse_form": refuse_form,
            "cancel_form": cancel_form,
            "events": list(booking.events.all()),
        },
        status=400 if refuse_form.errors or cancel_form.errors else 200,
    )


@login_required
@require_POST
def booking_decide(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    booking = _booking_or_404(place, pk)
    refuse_form, cancel_form = ReasonForm(prefix="refuse"), ReasonForm(prefix="cancel")
    try:
        if action == "valider":
            booking_confirm(actor=request.user, booking=booking)  # type: ignore[arg-type]
            messages.success(request, _("Réservation validée : la personne est prévenue par e-mail."))
        elif action == "absent":
            booking_mark_no_show(actor=request.user, booking=booking)  # type: ignore[arg-type]
            messages.success(request, _("Absence enregistrée."))
        elif action in ("refuser", "annuler"):
            form = ReasonForm(request.POST, prefix="refuse" if action == "refuser" else "cancel")
            if action == "refuser":
                refuse_form = form
            else:
                cancel_form = form
            if not form.is_valid():
                return _detail(request, place, booking, refuse_form, cancel_form)
            reason = form.cleaned_data["reason"]
            if action == "refuser":
                booking_refuse(actor=request.user, booking=booking, reason=reason)  # type: ignore[arg-type]
                messages.success(request, _("Demande refusée : la personne reçoit le motif par e-mail."))
            else:
                booking_cancel(actor=request.user, booking=booking, reason=reason)  # type: ignore[arg-type]
                messages.success(request, _("Réservation annulée : la personne reçoit le motif par e-mail."))
        else:
            raise Http404
    except BookingError as error:
        messages.error(request, error.message)
    return redirect("bookings:manage_booking", place.slug, booking.pk)


EXPORT_COLUMNS = [
    "reservation",
    "ressource",
    "type",
    "personne",
    "e_mail",
    "etat",
    "jour",
    "creneau",
    "debut",
    "fin",
    "tarif",
]


@never_cache
@login_required
@require_GET
def export_month(request: HttpRequest, slug: str) -> HttpResponse:
    """One line per booked slot of a month, for invoicing (the place's own invoicing: nothing is paid here)."""
    place = _managed_or_404(request, slug)
    try:
        month = dt.datetime.strptime(request.GET.get("mois", ""), "%Y-%m").date()  # noqa: DTZ007 - a month, no time
    except ValueError:
        month = timezone.localdate().replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reservations-{place.slug}-{month:%Y-%m}.csv"'
    response.write("\ufeff")  # so that a spreadsheet reads the accents right
    writer = SafeWriter(response, delimiter=";")
    writer.writerow(EXPORT_COLUMNS)
    for booking in place_bookings(place, month, following - dt.timedelta(days=1)):
        if booking.status in (BookingStatus.REFUSED, BookingStatus.CANCELLED):
            continue
        for slot in booking.slots.all():
            if not month <= slot.day < following:
                continue
            start = slot.starts_at.astimezone(availability.PARIS)
            end = slot.ends_at.astimezone(availability.PARIS)
            writer.writerow(
                [
                    booking.pk,
                    booking.resource.name,
                    booking.resource.get_kind_display(),
                    booking.person.get_full_name() if booking.person else _("(compte supprimé)"),
                    booking.person.email if booking.person else "",
                    booking.get_status_display(),
                    slot.day.isoformat(),
                    availability.slot_name(slot.code),
                    start.isoformat(timespec="minutes"),
                    end.isoformat(timespec="minutes"),
                    booking.resource.price,
                ]
            )
    return response


# --- Resources and closures ----------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def resources(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    rows = list(Resource.objects.filter(place=place).order_by("kind", "name", "pk"))
    return render(request, "bookings/manage_resources.html", {"place": place, "resources": rows})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    place = _managed_or_404(request, slug)
    if pk is None:
        instance = Resource(place=place)
    else:
        try:
            instance = resource_of_place(place, pk, active_only=False)
        except Resource.DoesNotExist:
            raise Http404 from None
    form = ResourceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            resource_save(
                actor=request.user,  # type: ignore[arg-type]
                resource=form.instance,
                allowed=form.allowed,
            )
        except (BookingError, ValidationError) as error:
            form.add_error(None, error.message if isinstance(error, BookingError) else error)
        else:
            messages.success(request, _("Ressource enregistrée."))
            return redirect("bookings:manage_resources", place.slug)
    return render(
        request,
        "bookings/manage_resource_form.html",
        {"place": place, "form": form, "resource": instance if pk else None},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def closures(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure_create(
                actor=request.user,  # type: ignore[arg-type]
                place=place,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
            )
        except (BookingError, ValidationError) as error:
            form.add_error(None, error.message if isinstance(error, BookingError) else error)
        else:
            messages.success(request, _("Fermeture enregistrée : ces jours ne se réservent plus."))
            return redirect("bookings:manage_closures", place.slug)
    return render(
        request,
        "bookings/manage_closures.html",
        {"place": place, "form": form, "closures": closures_of_place(place)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def closure_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _managed_or_404(request, slug)
    try:
        closure = Closure.objects.get(place=place, pk=pk)
    except Closure.DoesNotExist:
        raise Http404 from None
    closure_delete(actor=request.user, closure=closure)  # type: ignore[arg-type]
    messages.success(request, _("Fermeture supprimée : ces jours se réservent de nouveau."))
    return redirect("bookings:manage_closures", place.slug)
