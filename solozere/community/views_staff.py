"""Staff screens of the community: the review of memberships and the reports on profiles and messages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.accounts.decorators import staff_required
from solozere.community import selectors, services
from solozere.community.forms import (
    DecisionForm,
    ReportResolveForm,
)
from solozere.community.models import Consent, Membership
from solozere.community.services import CommunityError
from solozere.community.workflow import WORKFLOW, Role
from solozere.core.workflow import TransitionNotAllowed

View = Callable[..., HttpResponse]


# Staff ---------------------------------------------------------------------------------------------------------


@never_cache
@staff_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/staff/review_queue.html",
        {"pending": selectors.review_queue(), "recent": selectors.recent_decisions()},
    )


def _review_context(membership: Membership) -> dict[str, Any]:
    return {
        "membership": membership,
        "events": membership.events.select_related("actor"),
        "consents": Consent.objects.filter(user=membership.user).order_by("created_at", "pk"),
        "skills": [tag.name for tag in membership.skills.all()],
        "interests": [tag.name for tag in membership.interests.all()],
        "can_decide": bool(WORKFLOW.available(membership.state, Role.STAFF)),
    }


@never_cache
@staff_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "commune__parent"), pk=pk)
    context = _review_context(membership)
    context["form"] = DecisionForm()
    return render(request, "community/staff/review_detail.html", context)


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "commune__parent"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.membership_decide(
                membership_id=membership.pk,
                actor=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Décision enregistrée ; la personne est prévenue par e-mail."))
            return redirect("community:review_queue")
    context = _review_context(membership)
    context["form"] = form
    return render(request, "community/staff/review_detail.html", context)


@never_cache
@staff_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/staff/reports.html",
        {
            "open_reports": selectors.open_reports(),
            "closed_reports": selectors.closed_reports(),
            "form": ReportResolveForm(),
        },
    )


@staff_required
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReportResolveForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "community/staff/reports.html",
            {
                "open_reports": selectors.open_reports(),
                "closed_reports": selectors.closed_reports(),
                "form": ReportResolveForm(),
                "failed_pk": pk,
                "failed_form": form,
            },
        )
    try:
        services.report_resolve(
            report_id=get_object_or_404(selectors.open_reports(), pk=pk).pk,
            actor=request.user,
            note=form.cleaned_data["note"],
            hide_profile=form.cleaned_data["hide_profile"],
        )
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Signalement traité."))
    return redirect("community:reports")


@staff_required
@require_POST
def show_again(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    services.membership_show_again(membership_id=membership.pk, actor=request.user)
    messages.success(request, _("Le profil apparaît de nouveau dans l'annuaire."))
    return redirect("community:review", pk=pk)
