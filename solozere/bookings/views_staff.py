"""The staff's view of bookings across the network (/equipe/reservations/), and the occupancy of every place's
seats, month by month, with every count (/equipe/reservations/occupation/, and its CSV)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from solozere.accounts.decorators import staff_required
from solozere.bookings.selectors import staff_bookings
from solozere.bookings.selectors_occupancy import network_occupancy
from solozere.bookings.services import booking_when
from solozere.bookings.views_occupancy import month_context
from solozere.bookings.workflow import BookingStatus
from solozere.core.csv_export import SafeWriter

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


@never_cache
@staff_required
@require_GET
def staff_occupancy(request: HttpRequest) -> HttpResponse:
    """Every place's occupancy in the month of ?mois=, demo places included (flagged), nothing withheld."""
    form, month, context = month_context(request)
    context |= {"network": network_occupancy(month, include_demo=True), "public": False}
    return render(request, "bookings/occupancy/staff.html", context, status=400 if form.errors else 200)


OCCUPANCY_COLUMNS = [
    "mois",
    "lieu",
    "lieu_slug",
    "demo",
    "demi_journees_reservables",
    "reservees",
    "reservees_pourcentage",
    "utilisees",
    "utilisees_pourcentage",
    "personnes",
]


@never_cache
@staff_required
@require_GET
def staff_occupancy_export(request: HttpRequest) -> HttpResponse:
    form, month, context = month_context(request)
    if form.errors:
        context |= {"network": network_occupancy(month, include_demo=True), "public": False}
        return render(request, "bookings/occupancy/staff.html", context, status=400)
    network = network_occupancy(month, include_demo=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="occupation-postes-{month:%Y-%m}.csv"'
    response.write("\ufeff")  # so that a spreadsheet reads the accents right
    writer = SafeWriter(response, delimiter=";")
    writer.writerow(OCCUPANCY_COLUMNS)
    rows = [(row.name, row.slug, "oui" if row.is_demo else "non", row.figures) for row in network.places]
    rows.append(("Tout le réseau", "", "", network.total))
    for name, slug, demo, figures in rows:
        writer.writerow(
            [
                f"{month:%Y-%m}",
                name,
                slug,
                demo,
                figures.available,
                figures.booked,
                "" if figures.booked_percent is None else figures.booked_percent,
                figures.used,
                "" if figures.used_percent is None else figures.used_percent,
                figures.people,
            ]
        )
    return response
