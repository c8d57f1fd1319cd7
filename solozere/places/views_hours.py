"""The managers' opening-hours page (/lieux/<slug>/gerer/horaires/): the weekly grid, or the raw expression as the
advanced option. Their own places only (another place is a 404); the change goes through place_update, which logs it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solozere.places.forms_hours import HoursExpressionForm, HoursGridForm, changed_hours
from solozere.places.hours_grid import expression_to_grid
from solozere.places.models import Place
from solozere.places.selectors import managed_place
from solozere.places.services import place_update

# The hidden input that says which of the page's two forms was sent.
FORM_FIELD = "formulaire"
GRID, ADVANCED = "grille", "avance"


def _save(request: HttpRequest, place: Place, form: Form, expression: str, note: str) -> HttpResponse | None:
    changed = changed_hours(place, expression, note)
    if not changed:
        messages.info(request, _("Rien n'a changé : les horaires sont tels quels."))
        return redirect("places:manage_hours", slug=place.slug)
    notices: list[str] = []
    try:
        place_update(
            actor=request.user,
            place=place,
            data=changed,
            message=_("Horaires modifiés par un gestionnaire du lieu"),
            notices=notices,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    if notices:
        messages.warning(request, " ".join([_("Horaires enregistrés."), *notices]))
    else:
        messages.success(request, _("Horaires enregistrés. Ils s'affichent sur la fiche publique."))
    return redirect("places:manage_hours", slug=place.slug)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage_hours(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = managed_place(request.user, slug)
    except Place.DoesNotExist:
        raise Http404 from None
    reading = expression_to_grid(place.opening_hours)
    sent = request.POST.get(FORM_FIELD) if request.method == "POST" else None
    grid_form = HoursGridForm(
        request.POST if sent == GRID else None,
        initial=HoursGridForm.initial_for(reading.grid, place.opening_hours_note),
    )
    advanced_form = HoursExpressionForm(
        request.POST if sent == ADVANCED else None,
        initial={"expression": place.opening_hours, "note": place.opening_hours_note},
    )
    if sent == GRID and grid_form.is_valid():
        response = _save(
            request, place, grid_form, grid_form.cleaned_data["expression"], grid_form.cleaned_data["note"]
        )
        if response is not None:
            return response
    elif sent == ADVANCED and advanced_form.is_valid():
        response = _save(
            request,
            place,
            advanced_form,
            advanced_form.cleaned_data["expression"],
            advanced_form.cleaned_data["note"],
        )
        if response is not None:
            return response
    elif request.method == "POST" and sent not in (GRID, ADVANCED):
        messages.error(request, _("Formulaire inconnu : rien n'a été enregistré."))
        return redirect("places:manage_hours", slug=place.slug)
    return render(
        request,
        "places/manage_hours.html",
        {
            "place": place,
            "grid_form": grid_form,
            "advanced_form": advanced_form,
            "not_a_grid": reading.grid is None,
            "not_a_grid_reason": reading.reason,
            "advanced_open": reading.grid is None or sent == ADVANCED,
            "form_field": FORM_FIELD,
            "grid_value": GRID,
            "advanced_value": ADVANCED,
        },
        status=400 if request.method == "POST" else 200,
    )
