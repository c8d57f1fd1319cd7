"""The staff's view of bookings across the network (/equipe/reservations/)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from solozere.accounts.decorators import staff_required
from solozere.bookings.selectors import staff_bookings
from solozere.bookings.services import booking_when
from solozere.bookings.workflow import BookingStatus

PAGE_SIZE = 50


@never_cache
@staff_required
@require_GET
def staff_booking_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("etat", "")
    if status not in BookingStatus.values:
        status = ""
    page = Paginator(staff_bookings(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bookings/staff_bookings.html",
        {
            "page_obj": page,
            "rows": [(booking, booking_when(booking)) for booking in page.object_list],
            "status": status,
            "statuses": BookingStatus.choices,
        },
    )
