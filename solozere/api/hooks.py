"""What the open-data exports say on the pages of the apps below (registered in ApiConfig.ready)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from solozere.api.opendata.places import place_export_gaps
from solozere.places.models import Place


def manager_opendata_panel(request: HttpRequest | None, place: Place) -> str:
    """On the manager's dashboard: what keeps the place out of the open-data file, by the export's own rule."""
    missing, also_missing = place_export_gaps(place)
    if not missing and not also_missing:
        return ""
    return render_to_string(
        "api/_manager_opendata_panel.html",
        {"place": place, "missing": missing, "also_missing": also_missing},
        request=request,
    )
