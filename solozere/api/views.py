from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from solozere.api import opendata


@require_safe
def opendata_index(request: HttpRequest) -> HttpResponse:
    export = opendata.mediation_export()
    return render(
        request,
        "api/opendata_index.html",
        {
            "export": export,
            "published_count": len(export.rows),
            "withheld_count": len(export.withheld),
            "fields": [
                (column, opendata.FIELD_NOTES.get(column, ""), column in opendata.REQUIRED_COLUMNS)
                for column in opendata.COLUMNS
            ],
            "schema_url": opendata.SCHEMA_URL,
            "schema_version": opendata.SCHEMA_VERSION,
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
        },
    )


@require_safe
def places_csv(request: HttpRequest) -> HttpResponse:
    export = opendata.mediation_export()
    filename = f"{timezone.localdate():%Y%m%d}_lieux-de-mediation-numerique_Lozere.csv"
    response = HttpResponse(opendata.write_csv(export.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
