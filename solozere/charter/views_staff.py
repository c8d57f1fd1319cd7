"""Staff screens of the charter: the adhesion queue and review, the charter's versions (draft, publish)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.decorators import staff_required
from solozere.charter.forms import (
    CharterDraftForm,
    ReasonForm,
    ReviewForm,
)
from solozere.charter.models import (
    Charter,
    CharterVersion,
    PlaceMembership,
)
from solozere.charter.selectors import (
    QUEUE_FILTERS,
    all_versions,
    criteria_by_kind,
    membership_for_staff,
    membership_queue,
    version_with_criteria,
)
from solozere.charter.services import (
    CharterError,
    CriterionReview,
    assess_place,
    charter_version_create_draft,
    charter_version_publish,
    membership_reinstate,
    membership_review,
)
from solozere.charter.workflow import LABEL_STATES, WORKFLOW, Action, MembershipStatus, Role

QUEUE_PAGE_SIZE = 50


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
    staff_can = {t.action for t in WORKFLOW.available(membership.status, Role.STAFF)}
    checks = {r.code: r for r in assess_place(membership.place, membership.charter_version, membership.kind).results}
    context: dict[str, Any] = {
        "membership": membership,
        "place": membership.place,
        "evidence_checks": [(row, checks.get(row.criterion.code)) for row in evidence],
        "all_pass": all(r.passed for r in checks.values()),
        "events": list(membership.events.all()),
        "can_review": Action.APPROVE in staff_can,
        "can_reinstate": Action.REINSTATE in staff_can,
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
        {"version": version, "by_kind": criteria_by_kind(version), "labels_in_force": _labels_count(version)},
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
