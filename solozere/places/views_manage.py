"""Place managers' pages (/lieux/<slug>/gerer/...): their own places only (another place is a 404), every change
through place_update / place_photo_add / place_photo_remove, which write the change log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from solozere.places.forms_manage import PhotoAddForm, PlaceEditForm
from solozere.places.models import Place, PlacePhoto
from solozere.places.selectors import managed_place, place_changes
from solozere.places.services import place_photo_add, place_photo_remove, place_update


def _managed_or_404(request: HttpRequest, slug: str) -> Place:
    try:
        return managed_place(request.user, slug)
    except Place.DoesNotExist:
        raise Http404 from None


# Log keys that are not fields of the place.
_EXTRA_LABELS = {
    "photos": _lazy("Photos"),
    "photo_alt_text": _lazy("Description d'une photo"),
    "photo_position": _lazy("Ordre d'une photo"),
    "status_history": _lazy("Historique des statuts"),
    "managers": _lazy("Gestionnaires"),
}


def _field_labels(changes: dict[str, object]) -> list[str]:
    """The changed fields in words ("Wi-Fi", "Horaires"), not identifiers."""
    labels = []
    for name in changes:
        if name in _EXTRA_LABELS:
            labels.append(str(_EXTRA_LABELS[name]))
            continue
        try:
            field = Place._meta.get_field(name)
        except FieldDoesNotExist:
            labels.append(name)
            continue
        labels.append(str(capfirst(getattr(field, "verbose_name", name))))
    return labels


@never_cache
@login_required
@require_http_methods(["GET"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    return render(
        request,
        "places/manage_dashboard.html",
        {
            "place": place,
            "changes": [(entry, _field_labels(entry.changes)) for entry in place_changes(place)],
            "photos": list(place.photos.all()),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage_edit(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    form = PlaceEditForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        changed = form.changed_values()
        if not changed:
            messages.info(request, _("Rien n'a changé : la fiche est telle quelle."))
            return redirect("places:manage", slug=place.slug)
        notices: list[str] = []
        try:
            place_update(
                actor=request.user,
                place=place,
                data=changed,
                message=_("Modifié par un gestionnaire du lieu"),
                notices=notices,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if notices:
                messages.warning(request, " ".join([_("Fiche enregistrée."), *notices]))
            else:
                messages.success(request, _("Fiche enregistrée. Merci de la tenir à jour."))
            return redirect("places:manage", slug=place.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "places/manage_edit.html",
        {"place": place, "form": form, "position_map": _position_map_config(place)},
        status=status,
    )


def _position_map_config(place: Place) -> dict[str, object]:
    """What the small map of the edit page needs (json_script): tiles from the settings (none in tests), the
    commune's town hall to centre on while the place's own position is unknown."""
    commune = place.commune
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre": [commune.latitude, commune.longitude] if commune.latitude is not None else None,
        "outlineUrl": reverse("places:departement"),
        "labels": {
            "marker": _("Position du lieu"),
            "set": _("Position choisie : latitude %(lat)s, longitude %(lon)s. Enregistrez la fiche pour la garder."),
        },
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage_photos(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    form = PhotoAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            place_photo_add(
                actor=request.user,
                place=place,
                image_file=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("image", message)
        else:
            messages.success(request, _("Photo ajoutée."))
            return redirect("places:manage_photos", slug=place.slug)
    return render(
        request,
        "places/manage_photos.html",
        {"place": place, "form": form, "photos": list(place.photos.all())},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def manage_photo_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _managed_or_404(request, slug)
    try:
        photo = place.photos.get(pk=pk)
    except PlacePhoto.DoesNotExist:
        raise Http404 from None
    place_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Photo retirée."))
    return redirect(reverse("places:manage_photos", kwargs={"slug": place.slug}))
