"""/opendata/: one page listing every export, and the files themselves, built at each download."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_safe

from solozere.aids import selectors as aid_selectors
from solozere.api.opendata import aids, places
from solozere.api.places import PlaceSerializer, cached_geojson, geojson_response, places_etag, with_version
from solozere.core.page_cache import cache_anonymous_page
from solozere.places.search import search_places
from solozere.places.selectors import places_managed_by

# The section of the index page that /opendata/aides/ used to be on its own.
AIDS_SECTION = "aides"


@require_safe
@cache_anonymous_page("places", "charter", "territory", "aids")
def opendata_index(request: HttpRequest) -> HttpResponse:
    # The export's own rule says why each place is left out; the page adds who can complete it.
    export = places.mediation_export(places.places_for_index())
    # "Gérer ce lieu" only for those who may (a visitor would reach a log-in page, then a 404): no query for an
    # anonymous visitor, whose page alone is cached.
    withheld_pks = [item.place.pk for item in export.withheld]
    managed_pks = (
        set(places_managed_by(request.user).filter(pk__in=withheld_pks).values_list("pk", flat=True))
        if withheld_pks and request.user.is_authenticated
        else set()
    )
    return render(
        request,
        "api/opendata_index.html",
        {
            "export": export,
            "published_count": len(export.rows),
            "withheld_count": len(export.withheld),
            "managed_pks": managed_pks,
            "fields": [
                (column, places.FIELD_NOTES.get(column, ""), column in places.REQUIRED_COLUMNS)
                for column in places.COLUMNS
            ],
            "schema_url": places.SCHEMA_URL,
            "schema_version": places.SCHEMA_VERSION,
            "licence_name": places.LICENCE_NAME,
            "licence_url": places.LICENCE_URL,
            "aids_section": AIDS_SECTION,
            "schemes": list(aid_selectors.published_schemes()),
            "grants": aids.grants_export(),
            "scheme_schema": aids.SCHEME_SCHEMA,
            "grant_schema": aids.GRANT_SCHEMA,
        },
    )


@require_safe
def places_csv(request: HttpRequest) -> HttpResponse:
    export = places.mediation_export()
    filename = f"{timezone.localdate():%Y%m%d}_lieux-de-mediation-numerique_Lozere.csv"
    response = HttpResponse(places.write_csv(export.rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@gzip_page
def places_geojson(request: HttpRequest) -> HttpResponse:
    """Every place in service with everything the API says of it (`/api/v1/places.geojson` keeps what a map needs)."""
    etag = places_etag(request, shape="full")
    if (not_modified := get_conditional_response(request, etag=etag)) is not None:
        return with_version(not_modified, etag)
    if (cached := cached_geojson(request, etag)) is not None:
        return cached
    with translation.override(settings.LANGUAGE_CODE):
        now = timezone.now()
        result = search_places({}, now=now, paginate=False)
        serializer = PlaceSerializer(request, now=now)
        collection = {"type": "FeatureCollection", "features": [serializer.feature(place) for place in result.places]}
    return geojson_response(request, collection, etag=etag)


@require_GET
def aids_index(request: HttpRequest) -> HttpResponse:
    """The aids had a page of their own: its address, already linked from elsewhere, leads to their section."""
    return HttpResponsePermanentRedirect(f"{reverse('opendata:index')}#{AIDS_SECTION}")


def _aids_csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def aid_schemes_csv(request: HttpRequest) -> HttpResponse:
    rows = aids.schemes_export(base_url=request.build_absolute_uri("/"))
    return _aids_csv_response(aids.to_csv(aids.SCHEME_COLUMNS, rows), "dispositifs-aides-solozere.csv")


@require_GET
def aid_grants_csv(request: HttpRequest) -> HttpResponse:
    export = aids.grants_export()
    return _aids_csv_response(aids.to_csv(aids.GRANT_COLUMNS, export.rows), "subventions-solozere.csv")
