"""The partner's inbox: an agent sees their organisations' requests (and only those), takes one, follows it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accompaniment import services_absences
from solozere.accompaniment.answer_links import AnswerLinkRefused, read_answer_token
from solozere.accompaniment.forms_partner import AbsenceForm, AnswerForm, DeclineForm, FinishForm, HandOverForm
from solozere.accompaniment.models import AgentAbsence, Assignment
from solozere.accompaniment.selectors import inbox as inbox_of
from solozere.accompaniment.selectors import inbox_counts, inbox_part, request_seen_by
from solozere.accompaniment.services import RequestError
from solozere.accompaniment.services_partner import (
    assignment_answer,
    assignment_decline,
    assignment_finish,
    assignment_hand_over,
    assignment_start,
    assignment_take,
)
from solozere.accompaniment.workflow import (
    ACTIVE_ASSIGNMENT_STATES,
    ASSIGNMENT_WORKFLOW,
    AssignmentRole,
    AssignmentStatus,
)
from solozere.accounts.decorators import partner_agent_required
from solozere.core.csrf import STALE_FORM_MESSAGE, csrf_failed, keeps_typed_on_csrf_failure
from solozere.core.workflow import Transition, TransitionNotAllowed

PAGE_SIZE = 50
ENDED_ASSIGNMENT_STATES = tuple(state for state in AssignmentStatus if state not in ACTIVE_ASSIGNMENT_STATES)
TABS = {
    "a-prendre": (gettext_lazy("À prendre"), (AssignmentStatus.NEW,)),
    "en-cours": (
        gettext_lazy("Prises en charge"),
        tuple(state for state in ACTIVE_ASSIGNMENT_STATES if state != AssignmentStatus.NEW),
    ),
    "closes": (gettext_lazy("Closes"), ENDED_ASSIGNMENT_STATES),
}


@never_cache
@partner_agent_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("vue", "a-prendre")
    if tab not in TABS:
        tab = "a-prendre"
    label, statuses = TABS[tab]
    rows = Paginator(inbox_of(request.user).filter(status__in=statuses), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = inbox_counts(request.user, {key: value[1] for key, value in TABS.items()})
    tabs = [(key, value[0], counts[key]) for key, value in TABS.items()]
    return render(
        request,
        "accompaniment/partner_inbox.html",
        {"assignments": list(rows.object_list), "page_obj": rows, "tab": tab, "tab_label": label, "tabs": tabs},
    )


def _assignment_or_404(request: HttpRequest, reference: str) -> Assignment:
    part = inbox_part(request.user, reference)
    if part is None:
        raise Http404(_("Aucune demande de votre structure ne porte cette référence."))
    return part


@never_cache
@partner_agent_required
@require_GET
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, _assignment_or_404(request, reference))


def _detail(
    request: HttpRequest, assignment: Assignment, *, form: AnswerForm | None = None, status: int = 200, token: str = ""
) -> HttpResponse:
    seen = request_seen_by(assignment)
    return render(
        request,
        "accompaniment/partner_request.html",
        {
            "assignment": assignment,
            "project": assignment.request,
            "parts": seen.parts,
            "thread": seen.thread,
            "log": seen.log,
            "actions": {t.action for t in _available(assignment)},
            "answer_form": form or AnswerForm(),
            "can_answer": assignment.status in ACTIVE_ASSIGNMENT_STATES,
            "token": token,
            "ended_at": seen.ended_at,
            "project_is_live": seen.request_is_live,
        },
        status=status,
    )


def _available(assignment: Assignment) -> list[Transition]:
    return ASSIGNMENT_WORKFLOW.available(assignment.status, AssignmentRole.AGENT)


def _act(request: HttpRequest, reference: str, action: Callable[..., Assignment], success: str) -> HttpResponse:
    assignment = _assignment_or_404(request, reference)
    try:
        action(actor=request.user, assignment=assignment)
    except (TransitionNotAllowed, RequestError) as refused:
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


@keeps_typed_on_csrf_failure
@partner_agent_required
@require_POST
def answer(request: HttpRequest, reference: str) -> HttpResponse:
    assignment = _assignment_or_404(request, reference)
    form = AnswerForm(request.POST)
    if csrf_failed(request):
        form.is_valid()
        form.add_error(None, STALE_FORM_MESSAGE)
        return _detail(request, assignment, form=form, status=403)
    if form.is_valid():
        try:
            assignment_answer(actor=request.user, assignment=assignment, body=form.cleaned_data["body"])
        except (TransitionNotAllowed, RequestError) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Votre réponse est envoyée à la personne."))
            return redirect("accompaniment_partner:request", reference)
    return _detail(request, assignment, form=form, status=400)


def _with_text(
    request: HttpRequest,
    reference: str,
    *,
    form_class: Callable[..., forms.Form],
    act: Callable[..., Any],
    title: str,
    intro: str,
    button: str,
    success: str,
) -> HttpResponse:
    """A page with one form (finish, decline, hand over): shown on GET, acted on POST, kept whole when refused."""
    assignment = _assignment_or_404(request, reference)
    extra: dict[str, Any] = {"assignment": assignment} if form_class is HandOverForm else {}
    form = form_class(request.POST or None, **extra)
    status = 200
    if request.method == "POST" and csrf_failed(request):
        form.is_valid()
        form.add_error(None, STALE_FORM_MESSAGE)
        status = 403
    elif request.method == "POST":
        if form.is_valid():
            try:
                act(actor=request.user, assignment=assignment, **form.cleaned_data)
            except (TransitionNotAllowed, RequestError) as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, success)
                return redirect("accompaniment_partner:request", reference)
        status = 400
    context = {
        "assignment": assignment,
        "project": assignment.request,
        "form": form,
        "title": title,
        "intro": intro,
        "button": button,
    }
    return render(request, "accompaniment/partner_action.html", context, status=status)


@keeps_typed_on_csrf_failure
@never_cache
@partner_agent_required
@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, reference: str) -> HttpResponse:
    return _with_text(
        request,
        reference,
        form_class=FinishForm,
        act=assignment_finish,
        title=_("Terminer la demande"),
        intro=_(
            "Votre structure a fait sa part. S'il n'en reste pas d'autre, la demande est close et la personne prévenue."
        ),
        button=_("Terminer"),
        success=_("Votre part de la demande est terminée."),
    )


@keeps_typed_on_csrf_failure
@never_cache
@partner_agent_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, reference: str) -> HttpResponse:
    return _with_text(
        request,
        reference,
        form_class=DeclineForm,
        act=assignment_decline,
        title=_("Cette demande n'est pas pour nous"),
        intro=_(
            "La demande repart vers les autres structures qui couvrent ses sujets dans sa commune, sans la vôtre ; "
            "s'il n'y en a pas, vers l'équipe du réseau."
        ),
        button=_("Ce n'est pas pour nous"),
        success=_("C'est noté : la demande repart vers l'orientation."),
    )


def _hand_over(*, actor: Any, assignment: Assignment, organisation: Any, note: str) -> Assignment:
    return assignment_hand_over(actor=actor, assignment=assignment, to=organisation, note=note)


@keeps_typed_on_csrf_failure
@never_cache
@partner_agent_required
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, reference: str) -> HttpResponse:
    return _with_text(
        request,
        reference,
        form_class=HandOverForm,
        act=_hand_over,
        title=_("Transmettre à une autre structure"),
        intro=_(
            "La structure choisie reçoit la demande, ce qui a été dit et votre note ; la personne est prévenue. "
            "Votre structure n'a plus la demande."
        ),
        button=_("Transmettre"),
        success=_("La demande est transmise ; la personne est prévenue."),
    )


# --- Answering from the e-mail, without signing in ------------------------------------------------------------------


@keeps_typed_on_csrf_failure
@never_cache
@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The agent's signed link: the request and the answer form, no sign-in needed while the link holds."""
    unsent = str(request.POST.get("body", "")) if request.method == "POST" else ""
    try:
        link = read_answer_token(token)
    except AnswerLinkRefused as refused:
        context = {"message": refused.message, "unsent": unsent}
        return render(request, "accompaniment/partner_link_invalid.html", context, status=403)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and csrf_failed(request):
        form.is_valid()
        form.add_error(None, STALE_FORM_MESSAGE)
        return _detail(request, link.assignment, form=form, status=403, token=token)
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment_answer(actor=link.agent, assignment=link.assignment, body=form.cleaned_data["body"])
            except (TransitionNotAllowed, RequestError) as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Votre réponse est envoyée à la personne."))
                return redirect("accompaniment_partner:answer", token)
        return _detail(request, link.assignment, form=form, status=400, token=token)
    return _detail(request, link.assignment, form=form, token=token)


# --- The agent's absences --------------------------------------------------------------------------------------------


@never_cache
@partner_agent_required
@require_http_methods(["GET", "POST"])
def absences(request: HttpRequest) -> HttpResponse:
    """The agent says when they are away: while it lasts, the requests they follow go back to their colleagues
    (reroute_absent_agents, daily) and new requests are not mailed to them."""
    agent: Any = request.user  # signed in: partner_agent_required
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services_absences.absence_declare(actor=agent, agent=agent, **form.cleaned_data)
        messages.success(
            request,
            _("Votre absence est enregistrée : pendant ce temps, vos demandes reviennent à vos collègues."),
        )
        return redirect("accompaniment_partner:absences")
    rows = AgentAbsence.objects.filter(user=agent, ends_on__gte=timezone.localdate()).order_by("starts_on")
    status = 400 if request.method == "POST" else 200
    return render(request, "accompaniment/partner_absences.html", {"form": form, "absences": rows}, status=status)


@partner_agent_required
@require_POST
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agent: Any = request.user  # signed in: partner_agent_required
    absence = AgentAbsence.objects.filter(user=agent, pk=pk).first()
    if absence is None:
        raise Http404(_("Aucune absence de votre compte ne porte ce numéro."))
    services_absences.absence_withdraw(actor=agent, absence=absence)
    messages.success(request, _("L'absence est retirée."))
    return redirect("accompaniment_partner:absences")
