"""Contributions of an event: a person proposes a talk or a workshop before it; its organiser answers on
/agenda/<slug>/contributions/; after it, the organiser or the accepted contributor publishes what it left behind
(a document checked by its content, a link, notes), shown on the event's page; either may withdraw it.

An event that is not visible, a contribution of another event, or the organiser's pages of an event one does not
organise: a 404, like any object that is not one's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.core.uploads import private_file_response
from solozere.events.forms_contributions import (
    DeclineForm,
    DirectPublicationForm,
    MaterialForm,
    ProposalForm,
    WithdrawForm,
)
from solozere.events.models import Contribution, Event
from solozere.events.services_contributions import (
    ContributionError,
    actions_for,
    calls_for_contributions,
    contribution_accept,
    contribution_decline,
    contribution_propose,
    contribution_publish,
    contribution_publish_direct,
    contribution_unpublish,
    may_publish_material,
    roles_of,
)
from solozere.events.views import event_or_404, organised_or_404
from solozere.events.workflow import ContributionAction, ContributionRole, ContributionStatus

# The organiser's list, in the order they deal with it.
STATUS_ORDER = [
    ContributionStatus.PROPOSED,
    ContributionStatus.ACCEPTED,
    ContributionStatus.PUBLISHED,
    ContributionStatus.DECLINED,
    ContributionStatus.WITHDRAWN,
]


def _contribution_or_404(event: Event, pk: int) -> Contribution:
    contribution = Contribution.objects.select_related("event", "proposed_by").filter(event=event, pk=pk).first()
    if contribution is None:
        raise Http404
    return contribution


def _mine_ororganised_or_404(request: HttpRequest, slug: str, pk: int) -> tuple[Event, Contribution, set[str]]:
    """A contribution its proposer or its event's organiser acts on; a 404 for anyone else."""
    event = event_or_404(request, slug)
    contribution = _contribution_or_404(event, pk)
    roles = roles_of(request.user, contribution)
    if not roles:
        raise Http404
    return event, contribution, roles


def _apply_error(form: ProposalForm | MaterialForm, error: ContributionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Proposing ------------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    is_open = calls_for_contributions(event)
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution_propose(actor=request.user, event=event, proposal=form.proposal())  # type: ignore[arg-type]
            except ContributionError as error:
                _apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("Proposition envoyée à l'organisateur : vous recevrez sa réponse par e-mail."),
                )
                return redirect(f"{event.get_absolute_url()}#mes-contributions")
        status = 400
    return render(
        request, "events/contribution_propose.html", {"event": event, "form": form, "is_open": is_open}, status=status
    )


# --- The organiser's list -------------------------------------------------------------------------------------------


def _render_list(
    request: HttpRequest, event: Event, *, failed: int | None = None, failed_form: DeclineForm | None = None
) -> HttpResponse:
    now = timezone.now()
    contributions = list(
        Contribution.objects.filter(event=event).select_related("proposed_by").order_by("created_at", "pk")
    )
    for contribution in contributions:
        contribution.event = event  # the one already read: no query per row
    groups = []
    for status in STATUS_ORDER:
        rows = [
            {
                "contribution": contribution,
                "actions": actions_for(request.user, contribution, now=now, organiser=True),
                "decline_form": failed_form
                if contribution.pk == failed and failed_form is not None
                else DeclineForm(prefix=f"c{contribution.pk}"),
            }
            for contribution in contributions
            if contribution.status == status
        ]
        groups.append({"status": status, "label": ContributionStatus(status).label, "rows": rows})
    return render(
        request,
        "events/contribution_list.html",
        {
            "event": event,
            "groups": groups,
            "total": len(contributions),
            "may_publish": may_publish_material(event, now=now),
            "call_open": calls_for_contributions(event, now=now),
            "failed_form": failed_form,
        },
        status=400 if failed_form is not None else 200,
    )


@never_cache
@login_required
@require_GET
def organiser_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_list(request, organised_or_404(request, slug))


@login_required
@require_POST
def accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    contribution = _contribution_or_404(event, pk)
    try:
        contribution_accept(actor=request.user, contribution=contribution)  # type: ignore[arg-type]
    except ContributionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Proposition acceptée : « %(title)s ». La personne est prévenue par e-mail.")
            % {"title": contribution.title},
        )
    return redirect("events:contributions", event.slug)


@login_required
@require_POST
def decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = organised_or_404(request, slug)
    contribution = _contribution_or_404(event, pk)
    form = DeclineForm(request.POST, prefix=f"c{contribution.pk}")
    if form.is_valid():
        try:
            contribution_decline(
                actor=request.user,  # type: ignore[arg-type]
                contribution=contribution,
                reason=form.cleaned_data["reason"],
            )
        except ContributionError as error:
            if error.field == "reason":
                form.add_error("reason", error.message)
            else:
                messages.error(request, error.message)
                return redirect("events:contributions", event.slug)
        else:
            messages.success(request, _("Proposition déclinée : la personne reçoit le motif par e-mail."))
            return redirect("events:contributions", event.slug)
    return _render_list(request, event, failed=contribution.pk, failed_form=form)


# --- Publishing -----------------------------------------------------------------------------------------------------


def _after_action(request: HttpRequest, event: Event, roles: set[str]) -> HttpResponse:
    if ContributionRole.ORGANISER in roles:
        return redirect("events:contributions", event.slug)
    return redirect(f"{event.get_absolute_url()}#mes-contributions")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, contribution, roles = _mine_ororganised_or_404(request, slug, pk)
    allowed = ContributionAction.PUBLISH in actions_for(request.user, contribution)
    form = MaterialForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    contribution=contribution,
                    material=form.material(),
                )
            except ContributionError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Contribution publiée sur la page de l'événement."))
                return redirect(f"{event.get_absolute_url()}#contribution-{contribution.pk}")
        status = 400
    return render(
        request,
        "events/contribution_publish.html",
        {
            "event": event,
            "contribution": contribution,
            "form": form,
            "allowed": allowed,
            "is_over": may_publish_material(event),
            "is_organiser": ContributionRole.ORGANISER in roles,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def publish_direct(request: HttpRequest, slug: str) -> HttpResponse:
    event = organised_or_404(request, slug)
    form = DirectPublicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contribution = contribution_publish_direct(
                    actor=request.user,  # type: ignore[arg-type]
                    event=event,
                    proposal=form.proposal(),
                    material=form.material(),
                )
            except ContributionError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Contribution publiée sur la page de l'événement."))
                return redirect(f"{event.get_absolute_url()}#contribution-{contribution.pk}")
        status = 400
    return render(
        request,
        "events/contribution_publish_direct.html",
        {"event": event, "form": form, "allowed": may_publish_material(event)},
        status=status,
    )


@login_required
@require_POST
def unpublish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, contribution, roles = _mine_ororganised_or_404(request, slug, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        contribution_unpublish(actor=request.user, contribution=contribution, reason=reason)  # type: ignore[arg-type]
    except ContributionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Contribution retirée : elle n'apparaît plus sur la page de l'événement."))
    return _after_action(request, event, roles)


# --- The document ---------------------------------------------------------------------------------------------------


@require_GET
def document(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A published contribution's document, for whoever may see the event; before publication (or once
    withdrawn), for its proposer and the organiser only. PDF and images are shown in place, anything else (never
    stored, but say so) is an attachment."""
    event = event_or_404(request, slug)
    contribution = _contribution_or_404(event, pk)
    if contribution.status != ContributionStatus.PUBLISHED and not roles_of(request.user, contribution):
        raise Http404
    return private_file_response(
        contribution.file,
        given_name=contribution.file_name,
        default="contribution",
        inline_images=True,
        inline_types={"application/pdf"},
    )
