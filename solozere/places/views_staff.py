"""Staff screens of places: the corrections visitors propose (/equipe/corrections/)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.accounts.decorators import staff_required
from solozere.places.corrections import CorrectionError, place_correction_accept, place_correction_dismiss
from solozere.places.forms_corrections import CorrectionApplyForm, DismissForm
from solozere.places.models import CorrectionField, CorrectionStatus, Place, PlaceCorrection
from solozere.places.selectors import correction_for_staff, correction_queue

QUEUE_PAGE_SIZE = 50


@never_cache
@staff_required
@require_GET
def staff_corrections(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("etat", CorrectionStatus.OPEN)
    if status not in CorrectionStatus.values:
        status = CorrectionStatus.OPEN
    page = Paginator(correction_queue(request.user, status), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = PlaceCorrection.objects.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in CorrectionStatus.values}
    )
    return render(
        request,
        "places/staff_corrections.html",
        {
            "page_obj": page,
            "corrections": list(page.object_list),
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in CorrectionStatus.choices],
        },
    )


def _correction_or_404(request: HttpRequest, pk: int) -> PlaceCorrection:
    try:
        return correction_for_staff(request.user, pk)
    except PlaceCorrection.DoesNotExist:
        raise Http404 from None


def _apply_form(correction: PlaceCorrection, data: Any = None) -> CorrectionApplyForm:
    initial = {}
    if correction.field != CorrectionField.OTHER and correction.proposed_value:
        initial[correction.field] = correction.proposed_value
    return CorrectionApplyForm(
        data,
        instance=Place.objects.get(pk=correction.place_id),
        target=correction.field,
        initial=initial,
        prefix="appliquer",
    )


def _correction_page(
    request: HttpRequest,
    correction: PlaceCorrection,
    *,
    apply_form: Any = None,
    dismiss_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    is_open = correction.status == CorrectionStatus.OPEN
    current = None
    if correction.field != CorrectionField.OTHER:
        place = correction.place
        current = getattr(place, f"get_{correction.field}_display", lambda: getattr(place, correction.field))()
    return render(
        request,
        "places/staff_correction.html",
        {
            "correction": correction,
            "place": correction.place,
            "current_value": current,
            "apply_form": (apply_form or _apply_form(correction)) if is_open else None,
            "dismiss_form": (dismiss_form or DismissForm(prefix="ecarter")) if is_open else None,
        },
        status=status,
    )


@never_cache
@staff_required
@require_GET
def staff_correction(request: HttpRequest, pk: int) -> HttpResponse:
    return _correction_page(request, _correction_or_404(request, pk))


@staff_required
@require_POST
def staff_correction_accept(request: HttpRequest, pk: int) -> HttpResponse:
    correction = _correction_or_404(request, pk)
    if correction.status != CorrectionStatus.OPEN:
        messages.error(request, _("Cette correction a déjà été traitée."))
        return redirect("places:staff_correction", pk=correction.pk)
    form = _apply_form(correction, request.POST)
    if form.is_valid():
        try:
            place_correction_accept(
                actor=request.user,
                correction=correction,
                data=form.changed_values(),
                note=form.cleaned_data.get("note", ""),
            )
        except CorrectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Correction appliquée à la fiche du lieu."))
            return redirect("places:staff_corrections")
    return _correction_page(request, correction, apply_form=form, status=400)


@staff_required
@require_POST
def staff_correction_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    correction = _correction_or_404(request, pk)
    if correction.status != CorrectionStatus.OPEN:
        messages.error(request, _("Cette correction a déjà été traitée."))
        return redirect("places:staff_correction", pk=correction.pk)
    form = DismissForm(request.POST, prefix="ecarter")
    if form.is_valid():
        try:
            place_correction_dismiss(actor=request.user, correction=correction, note=form.cleaned_data["note"])
        except CorrectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Proposition écartée."))
            return redirect("places:staff_corrections")
    return _correction_page(request, correction, dismiss_form=form, status=400)
