"""/statistiques/: the network's public figures (pages.statistics), and each of its tables in CSV."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from solozere.core.csv_export import SafeWriter
from solozere.core.page_cache import cache_anonymous_page
from solozere.pages import statistics

# Whatever the page shows: a change in any of them gives a new page (and the page expires on its own).
NAMESPACES = ("accompaniment", "aids", "bookings", "community", "events", "organisations", "places")


@require_GET
@cache_anonymous_page(*NAMESPACES)
def statistics_page(request: HttpRequest) -> HttpResponse:
    # By name with "_" for "-": a template reads csv_urls.demandes_par_mois.
    csv_urls = {name.replace("-", "_"): reverse("pages:statistics_csv", args=[name]) for name in statistics.TABLES}
    return render(request, "pages/statistics.html", statistics.page_data() | {"csv_urls": csv_urls})


@require_GET
@cache_anonymous_page(*NAMESPACES)
def statistics_csv(request: HttpRequest, table: str) -> HttpResponse:
    """One table of the page in CSV; an unknown name is the site's French 404."""
    if table not in statistics.TABLES:
        raise Http404
    data = statistics.csv_table(table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="solozere-{table}-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")  # so that a spreadsheet reads the accents right
    writer = SafeWriter(response, lineterminator="\r\n")
    writer.writerow(data.header)
    writer.writerows(data.rows)
    return response
