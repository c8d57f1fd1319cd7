"""The charter's pages: the public text, a place's adhesion (its managers), evidence files (managers and staff),
and the staff's queues. Thin views: the rules are in services and places.criteria."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from solozere.charter.forms import (
    AcceptCharterForm,
    EvidenceForm,
    KindChoiceForm,
)
from solozere.charter.models import (
    CHARTER_KINDS,
    CharterVersion,
    EvidenceKind,
    MembershipEvidence,
    PlaceMembership,
)
from solozere.charter.selectors import (
    criteria_by_kind,
    evidence_for,
    label_of,
    membership_for_manager,
    memberships_of_place,
    pending_membership,
    published_versions,
    version_with_criteria,
)
from solozere.charter.services import (
    CharterError,
    PlaceFactsPreview,
    assess_place,
    current_published_version,
    details_with_evidence,
    membership_apply,
    version_criteria,
)
from solozere.core.page_cache import cache_anonymous_page
from solozere.core.uploads import private_file_response
from solozere.places.forms_manage import PlaceManageForm
from solozere.places.models import Place
from solozere.places.selectors import managed_place

QUEUE_PAGE_SIZE = 50


def _managed_or_404(request: HttpRequest, slug: str) -> Place:
    try:
        return managed_place(request.user, slug)
    except Place.DoesNotExist:
        raise Http404 from None


# --- Public: the charter ------------------------------------------------------------------------------------------


@require_GET
@cache_anonymous_page("charter")
def charter(request: HttpRequest) -> HttpResponse:
    versions = list(published_versions())
    if not versions:
        return render(request, "charter/charter.html", {"version": None, "versions": []})
    return render(
        request,
        "charter/charter.html",
        {"version": versions[0], "versions": versions, "by_kind": criteria_by_kind(versions[0]), "is_current": True},
    )


@require_GET
@cache_anonymous_page("charter")
def charter_version(request: HttpRequest, number: int) -> HttpResponse:
    try:
        version = version_with_criteria(number)
    except CharterVersion.DoesNotExist:
        raise Http404 from None
    versions = list(published_versions())
    return render(
        request,
        "charter/charter.html",
        {
            "version": version,
            "versions": versions,
            "by_kind": criteria_by_kind(version),
            "is_current": versions[0].pk == version.pk,
        },
    )


# --- Managers: adhesion -------------------------------------------------------------------------------------------


def _adhesion_kind(request: HttpRequest, place: Place) -> tuple[str | None, KindChoiceForm]:
    """The kind to adhere as: chosen (?type=), else the place's own when the charter has criteria for it."""
    source = request.POST if request.method == "POST" else request.GET
    if "type" in source:
        form = KindChoiceForm(source)
        return (form.cleaned_data["type"] if form.is_valid() else None), form
    kinds = dict(CHARTER_KINDS)
    if place.kind in kinds:
        return place.kind, KindChoiceForm(initial={"type": place.kind})
    return None, KindChoiceForm()


def _previous_texts(place: Place) -> dict[str, str]:
    """What the manager wrote last time, per criterion code: a renewal starts from it."""
    latest = memberships_of_place(place).first()
    if latest is None:
        return {}
    rows = MembershipEvidence.objects.filter(membership=latest).select_related("criterion")
    return {row.criterion.code: row.text for row in rows if row.text}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def adhesion(request: HttpRequest, slug: str) -> HttpResponse:
    place = _managed_or_404(request, slug)
    version = current_published_version()
    context: dict[str, Any] = {
        "place": place,
        "version": version,
        "label": label_of(place),
        "pending": pending_membership(place),
        "memberships": list(memberships_of_place(place)[:10]),
    }
    if version is None or context["pending"] is not None:
        if request.method == "POST":
            messages.error(request, _("Une demande est déjà en attente d'examen pour ce lieu."))
            return redirect("charter:adhesion", slug=place.slug)
        return render(request, "charter/adhesion.html", context)
    kind, kind_form = _adhesion_kind(request, place)
    context["kind_form"] = kind_form
    context["kind"] = kind
    if kind is None:
        return render(request, "charter/adhesion.html", context, status=400 if kind_form.is_bound else 200)

    criteria = version_criteria(version, kind)
    speed_test = any(c.evidence_kind == EvidenceKind.SPEED_TEST for c in criteria)
    omit = ["download_mbps", "connectivity_measured_on"] if speed_test else []
    posted = request.method == "POST"
    details = PlaceManageForm(request.POST if posted else None, instance=place, omit=omit, prefix="lieu")
    previous = _previous_texts(place)
    evidence_forms = [
        EvidenceForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            criterion=criterion,
            prefix=f"critere-{criterion.pk}",
            initial={"text": previous.get(criterion.code, "")},
        )
        for criterion in criteria
    ]
    accept = AcceptCharterForm(request.POST if posted else None, version=version)
    page_errors: list[str] = []
    if posted:
        # Every form is validated (no short-circuit), so that every error shows at once.
        evidence_valid = [form.is_valid() for form in evidence_forms]
        valid = details.is_valid() & accept.is_valid() & all(evidence_valid)
        if valid:
            evidence = {form.criterion.pk: form.evidence_input() for form in evidence_forms}
            data = details_with_evidence(version, kind, details.cleaned_data, evidence, timezone.localdate())
            preview = PlaceFactsPreview(Place.objects.get(pk=place.pk), data)
            results = {r.code: r for r in assess_place(preview, version, kind).results}
            for form in evidence_forms:
                result = results.get(form.criterion.code)
                if result is not None and not result.passed:
                    form.add_error(
                        None,
                        _("D'après les informations du lieu, ce critère n'est pas rempli : %(why)s")
                        % {"why": result.explanation},
                    )
                    valid = False
        if valid:
            try:
                membership = membership_apply(
                    actor=request.user,
                    place=place,
                    version=version,
                    kind=kind,
                    details=details.cleaned_data,
                    evidence=evidence,
                    accepted=accept.cleaned_data["accept"],
                )
            except (CharterError, ValidationError) as error:
                page_errors = error.messages if isinstance(error, ValidationError) else [str(error)]
            else:
                messages.success(
                    request,
                    _("Votre demande d'adhésion est envoyée. L'équipe du réseau l'examine et vous répond par e-mail."),
                )
                return redirect("charter:adhesion_detail", slug=place.slug, pk=membership.pk)
    current = {r.code: r for r in assess_place(place, version, kind).results} if not posted else {}
    context.update(
        {
            "details": details,
            "evidence_forms": [(form, current.get(form.criterion.code)) for form in evidence_forms],
            "accept": accept,
            "page_errors": page_errors,
            "has_errors": posted,
            "files_lost": posted and bool(request.FILES),
            "other_kinds": [(value, label) for value, label in CHARTER_KINDS if value != kind],
            "kind_label": dict(CHARTER_KINDS)[kind],
        }
    )
    return render(request, "charter/adhesion.html", context, status=400 if posted else 200)


@never_cache
@login_required
@require_GET
def adhesion_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = _managed_or_404(request, slug)
    try:
        membership = membership_for_manager(request.user, place, pk)
    except PlaceMembership.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "charter/adhesion_detail.html",
        {"place": place, "membership": membership, "evidence": list(membership.evidence.all())},
    )


@never_cache
@login_required
@require_GET
def evidence_file(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """Evidence is private: the place's managers and the staff only; anyone else gets a 404."""
    try:
        place = Place.objects.get(slug=slug)
        row = evidence_for(request.user, place, pk)
    except (Place.DoesNotExist, MembershipEvidence.DoesNotExist):
        raise Http404 from None
    return private_file_response(row.file, given_name=row.file_name, default="justificatif", inline_images=True)


# --- Visitors: corrections ----------------------------------------------------------------------------------------
