"""The partner's inbox: an agent sees their organisations' requests (and only those), takes one, follows it."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from solozere.accompaniment.models import Assignment, AssignmentLog
from solozere.accompaniment.selectors import inbox as inbox_of
from solozere.accompaniment.services_partner import assignment_start, assignment_take
from solozere.accompaniment.workflow import (
    ACTIVE_ASSIGNMENT_STATES,
    ASSIGNMENT_WORKFLOW,
    AssignmentRole,
    AssignmentStatus,
)
from solozere.accounts.decorators import partner_agent_required
from solozere.core.workflow import Transition, TransitionNotAllowed

TABS = {
    "a-prendre": (gettext_lazy("À prendre"), (AssignmentStatus.NEW,)),
    "en-cours": (gettext_lazy("Prises en charge"), (AssignmentStatus.TAKEN, AssignmentStatus.IN_PROGRESS)),
    "closes": (
        gettext_lazy("Closes"),
        (AssignmentStatus.DONE, AssignmentStatus.DECLINED, AssignmentStatus.HANDED_OVER, AssignmentStatus.WITHDRAWN),
    ),
}


@never_cache
@partner_agent_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("vue", "a-prendre")
    if tab not in TABS:
        tab = "a-prendre"
    label, statuses = TABS[tab]
    rows = inbox_of(request.user).filter(status__in=statuses)
    counts = {key: inbox_of(request.user).filter(status__in=value[1]).count() for key, value in TABS.items()}
    tabs = [(key, value[0], counts[key]) for key, value in TABS.items()]
    return render(
        request,
        "accompaniment/partner_inbox.html",
        {"assignments": rows, "tab": tab, "tab_label": label, "tabs": tabs},
    )


def _assignment_or_404(request: HttpRequest, reference: str) -> Assignment:
    """The agent's organisation's part of the request: its active part first, else its latest ended one."""
    parts = list(inbox_of(request.user).filter(request__reference=reference))
    active = [part for part in parts if part.status in ACTIVE_ASSIGNMENT_STATES]
    if not parts:
        raise Http404(_("Aucune demande de votre structure ne porte cette référence."))
    return (active or parts)[0]


@never_cache
@partner_agent_required
@require_GET
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    assignment = _assignment_or_404(request, reference)
    project = assignment.request
    parts = project.assignments.select_related("organisation", "taken_by").order_by("-is_lead", "created_at", "pk")
    thread = project.messages.select_related("organisation", "author")
    log = AssignmentLog.objects.filter(assignment__request=project).select_related("actor", "assignment__organisation")
    return render(
        request,
        "accompaniment/partner_request.html",
        {
            "assignment": assignment,
            "project": project,
            "parts": parts,
            "thread": thread,
            "log": log,
            "actions": {t.action for t in _available(assignment)},
        },
    )


def _available(assignment: Assignment) -> list[Transition]:
    return ASSIGNMENT_WORKFLOW.available(assignment.status, AssignmentRole.AGENT)


def _act(request: HttpRequest, reference: str, action: Callable[..., Assignment], success: str) -> HttpResponse:
    assignment = _assignment_or_404(request, reference)
    try:
        action(actor=request.user, assignment=assignment)
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success)
    return redirect("accompaniment_partner:request", reference)


@partner_agent_required
@require_POST
def take(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, assignment_take, _("Vous suivez cette demande : répondez à la personne."))


@partner_agent_required
@require_POST
def start(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, assignment_start, _("La demande est marquée en cours."))
