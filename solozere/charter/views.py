"""The charter's pages: the public text, a place's adhesion (its managers), evidence files (managers and staff),
and the staff's queues. Thin views: the rules are in services and places.criteria."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import staff_required
from solozere.charter.forms import (
    AcceptCharterForm,
    CharterDraftForm,
    EvidenceForm,
    KindChoiceForm,
    ReasonForm,
    ReviewForm,
)
from solozere.charter.models import (
    CHARTER_KINDS,
    Charter,
    CharterVersion,
    EvidenceKind,
    MembershipEvidence,
    PlaceMembership,
)
from solozere.charter.selectors import (
    QUEUE_FILTERS,
    all_versions,
    evidence_for,
    label_of,
    membership_for_manager,
    membership_for_staff,
    membership_queue,
    memberships_of_place,
    pending_membership,
    published_versions,
    version_with_criteria,
)
from solozere.charter.services import (
    CharterError,
    CriterionReview,
    PlaceFactsPreview,
    assess_place,
    charter_version_create_draft,
    charter_version_publish,
    current_published_version,
    details_with_evidence,
    membership_apply,
    membership_reinstate,
    membership_review,
    version_criteria,
)
from solozere.charter.workflow import LABEL_STATES, Action, MembershipStatus
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


def _criteria_by_kind(version: CharterVersion) -> list[tuple[str, Any, list[Any]]]:
    criteria = list(version.criteria.all())
    return [(kind, label, [c for c in criteria if c.kind == kind]) for kind, label in CHARTER_KINDS]


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    versions = list(published_versions())
    if not versions:
        return render(request, "charter/charter.html", {"version": None, "versions": []})
    return render(
        request,
        "charter/charter.html",
        {"version": versions[0], "versions": versions, "by_kind": _criteria_by_kind(versions[0]), "is_current": True},
    )


@require_GET
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
            "by_kind": _criteria_by_kind(version),
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
    if not row.file:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not row.is_image,
        filename=row.file_name or str(row.file.name or "").rsplit("/", 1)[-1],
        content_type=row.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Visitors: corrections ----------------------------------------------------------------------------------------


# --- Staff: adhesion queue and review -----------------------------------------------------------------------------


QUEUE_TABS = [
    ("a-examiner", _("À examiner")),
    ("a-renouveler", _("À renouveler")),
    ("suspendus", _("Labels suspendus")),
    ("membres", _("Membres")),
    ("toutes", _("Toutes")),
]


@never_cache
@staff_required
@require_GET
def staff_memberships(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("vue", "a-examiner")
    if view not in QUEUE_FILTERS:
        view = "a-examiner"
    page = Paginator(membership_queue(request.user, view), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = PlaceMembership.objects.aggregate(
        **{key.replace("-", "_"): Count("pk", filter=condition) for key, condition in QUEUE_FILTERS.items()}
    )
    tabs = [(key, label, counts[key.replace("-", "_")]) for key, label in QUEUE_TABS]
    return render(
        request,
        "charter/staff_memberships.html",
        {"page_obj": page, "memberships": list(page.object_list), "view": view, "tabs": tabs},
    )


def _staff_membership_context(membership: PlaceMembership, **extra: Any) -> dict[str, Any]:
    evidence = list(membership.evidence.all())
    checks = {r.code: r for r in assess_place(membership.place, membership.charter_version, membership.kind).results}
    context: dict[str, Any] = {
        "membership": membership,
        "place": membership.place,
        "evidence_checks": [(row, checks.get(row.criterion.code)) for row in evidence],
        "all_pass": all(r.passed for r in checks.values()),
        "events": list(membership.events.all()),
        "can_review": membership.status == MembershipStatus.SUBMITTED,
        "can_reinstate": membership.status == MembershipStatus.SUSPENDED,
    }
    if context["can_review"] and "form" not in extra:
        context["form"] = ReviewForm(evidence=evidence)
    if context["can_reinstate"] and "reinstate_form" not in extra:
        context["reinstate_form"] = ReasonForm()
    context.update(extra)
    if "form" in context:
        context["review_rows"] = context["form"].rows()
    return context


def _membership_or_404(request: HttpRequest, pk: int) -> PlaceMembership:
    try:
        return membership_for_staff(request.user, pk)
    except PlaceMembership.DoesNotExist:
        raise Http404 from None


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def staff_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    if request.method == "GET":
        return render(request, "charter/staff_membership.html", _staff_membership_context(membership))
    if membership.status != MembershipStatus.SUBMITTED:
        messages.error(request, _("Cette demande a déjà reçu une décision."))
        return redirect("charter:staff_membership", pk=membership.pk)
    form = ReviewForm(request.POST, evidence=list(membership.evidence.all()))
    if form.is_valid():
        data = form.cleaned_data
        reviews = {
            row.pk: CriterionReview(state=data[f"etat_{row.pk}"], note=data.get(f"note_{row.pk}", ""))
            for row in form.evidence
        }
        decision = Action.APPROVE if data["decision"] == "approve" else Action.REFUSE
        try:
            membership_review(
                actor=request.user, membership=membership, reviews=reviews, decision=decision, note=data["note"]
            )
        except CharterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Décision enregistrée : %(place)s est membre du réseau.") % {"place": membership.place}
                if decision == Action.APPROVE
                else _("Décision enregistrée : adhésion refusée, le gestionnaire est prévenu."),
            )
            return redirect("charter:staff_membership", pk=membership.pk)
    return render(
        request, "charter/staff_membership.html", _staff_membership_context(membership, form=form), status=400
    )


@staff_required
@require_POST
def staff_membership_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            membership_reinstate(actor=request.user, membership=membership, note=form.cleaned_data["note"])
        except CharterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Label rétabli."))
            return redirect("charter:staff_membership", pk=membership.pk)
    return render(
        request,
        "charter/staff_membership.html",
        _staff_membership_context(membership, reinstate_form=form),
        status=400,
    )


# --- Staff: corrections -------------------------------------------------------------------------------------------


# --- Staff: charter versions --------------------------------------------------------------------------------------


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def staff_charter(request: HttpRequest) -> HttpResponse:
    versions = list(all_versions())
    latest_published = next((v for v in versions if v.is_published), None)
    initial = {}
    if latest_published is not None:
        initial = {"text": latest_published.text, "min_download_mbps": latest_published.min_download_mbps}
    form = CharterDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        charter_obj = Charter.objects.order_by("pk").first()
        if charter_obj is None:
            form.add_error(None, _("Aucune charte n'est chargée : lancez la commande load_charter."))
        else:
            try:
                version = charter_version_create_draft(actor=request.user, charter=charter_obj, **form.cleaned_data)
            except (CharterError, ValidationError) as error:
                for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Brouillon de la version %(number)s créé, avec les critères de la version précédente.")
                    % {"number": version.number},
                )
                return redirect("charter:staff_charter_version", number=version.number)
    return render(
        request,
        "charter/staff_charter.html",
        {"versions": versions, "form": form, "has_draft": any(not v.is_published for v in versions)},
        status=400 if request.method == "POST" else 200,
    )


def _version_or_404(number: int) -> CharterVersion:
    try:
        return version_with_criteria(number, published_only=False)
    except CharterVersion.DoesNotExist:
        raise Http404 from None


@never_cache
@staff_required
@require_GET
def staff_charter_version(request: HttpRequest, number: int) -> HttpResponse:
    version = _version_or_404(number)
    return render(
        request,
        "charter/staff_charter_version.html",
        {"version": version, "by_kind": _criteria_by_kind(version), "labels_in_force": _labels_count(version)},
    )


def _labels_count(version: CharterVersion) -> int:
    return PlaceMembership.objects.filter(status__in=LABEL_STATES).exclude(charter_version=version).count()


@staff_required
@require_POST
def staff_charter_publish(request: HttpRequest, number: int) -> HttpResponse:
    version = _version_or_404(number)
    try:
        asked = charter_version_publish(actor=request.user, version=version)
    except CharterError as error:
        messages.error(request, str(error))
        return redirect("charter:staff_charter_version", number=version.number)
    messages.success(
        request,
        _("Version %(number)s publiée. %(count)s lieu(x) membre(s) invité(s) à ré-adhérer.")
        % {"number": version.number, "count": len(asked)},
    )
    return redirect("charter:staff_charter")
