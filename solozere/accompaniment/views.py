"""The person's side of accompaniment: describe a project (/accompagnement/), and follow it by its private link
(/accompagnement/suivi/<token>/: who has it, what they said, reply, withdraw; /confirmer/ for a visitor's address).
A link that is unknown or past its time gets a French page, never a 500; a form sent from a stale page comes back
with what was typed (core.csrf)."""

from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accompaniment.forms import ReplyForm, RequestForm
from solozere.accompaniment.models import ProjectRequest
from solozere.accompaniment.selectors import conversation, followed_by, request_by_token
from solozere.accompaniment.services import (
    REPLY_STATES,
    RequestError,
    confirm_email,
    confirmation_expires_at,
    request_create,
    request_reply,
    request_withdraw,
    retention_months,
)
from solozere.accompaniment.services_retention import request_erase_now
from solozere.accompaniment.workflow import LIVE_REQUEST_STATES, RequestStatus
from solozere.core import ratelimit
from solozere.core.csrf import STALE_FORM_MESSAGE, csrf_failed, keeps_typed_on_csrf_failure
from solozere.core.private_links import CONFIRMATION_HOURS


def _sent_message(email: str) -> str:
    return _(
        "Un e-mail vient de partir vers %(email)s : ouvrez le lien qu'il contient dans les %(hours)s heures pour "
        "confirmer votre adresse. Votre demande n'est transmise qu'après cette confirmation."
    ) % {"email": email, "hours": CONFIRMATION_HOURS}


def _routed_message(project_request: ProjectRequest) -> str:
    if project_request.status == RequestStatus.OPEN:
        return _("Votre demande %(reference)s est transmise : voici qui l'a. Un e-mail vous le confirme.") % {
            "reference": project_request.reference
        }
    return _(
        "Votre demande %(reference)s est enregistrée. Aucune structure ne traite encore ces sujets dans votre "
        "commune : l'équipe du réseau l'oriente elle-même et vous tient au courant."
    ) % {"reference": project_request.reference}


@keeps_typed_on_csrf_failure
@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST if request.method == "POST" else None, user=request.user, retention_months=retention_months()
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        status = HTTPStatus.BAD_REQUEST
        if csrf_failed(request):
            form.is_valid()
            form.add_error(None, STALE_FORM_MESSAGE)
            status = HTTPStatus.FORBIDDEN
        elif form.is_robot:
            # Said as to a person, so that a robot learns nothing; nothing is kept, nothing is sent.
            messages.success(request, _sent_message(str(request.POST.get("email", ""))[:254]))
            return redirect("accompaniment:sent")
        elif form.is_valid() and not ratelimit.consume(request, action="accompaniment_request"):
            form.add_error(None, ratelimit.limited_message())
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            try:
                project_request = request_create(actor=request.user, data=form.to_input())
            except RequestError as error:
                form.add_error(None, error.message)
            else:
                if project_request.status == RequestStatus.PENDING:
                    messages.success(request, _sent_message(project_request.email))
                    return redirect("accompaniment:sent")
                messages.success(request, _routed_message(project_request))
                return redirect("accompaniment:private", project_request.token)
    return render(
        request,
        "accompaniment/request_form.html",
        {"form": form, "retention_months": retention_months(), "hours": CONFIRMATION_HOURS},
        status=status,
    )


@never_cache
@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accompaniment/request_sent.html", {"hours": CONFIRMATION_HOURS})


# --- The private link ---------------------------------------------------------------------------------------------


def _invalid(request: HttpRequest, *, expired: bool = False, message: str = "") -> HttpResponse:
    """Unknown link: 404; a confirmation link past its time: 410. Both in French, with the way forward."""
    return render(
        request,
        "accompaniment/request_link_invalid.html",
        {"expired": expired, "message": message, "hours": CONFIRMATION_HOURS},
        status=HTTPStatus.GONE if expired else HTTPStatus.NOT_FOUND,
    )


def _by_token(token: str) -> ProjectRequest | None:
    try:
        return request_by_token(token)
    except ProjectRequest.DoesNotExist:
        return None


def _private_page(
    request: HttpRequest, project_request: ProjectRequest, *, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    pending = project_request.status == RequestStatus.PENDING
    expires_at = confirmation_expires_at(project_request) if pending else None
    context: dict[str, Any] = {
        "project_request": project_request,
        "assignments": followed_by(project_request),
        "conversation": conversation(project_request),
        "reply_form": reply_form or ReplyForm(),
        "can_reply": project_request.status in REPLY_STATES,
        "can_withdraw": project_request.status in LIVE_REQUEST_STATES,
        "confirm_expires_at": expires_at,
        "confirm_expired": expires_at is not None and expires_at <= timezone.now(),
        "retention_months": retention_months(),
    }
    return render(request, "accompaniment/request_private.html", context, status=status)


@never_cache
@require_GET
def private(request: HttpRequest, token: str) -> HttpResponse:
    project_request = _by_token(token)
    if project_request is None:
        return _invalid(request)
    return _private_page(request, project_request)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail. A GET shows one button (a mail scanner that opens links sends nothing
    to anyone); the POST confirms, and the request goes to the organisations."""
    project_request = _by_token(token)
    if project_request is None:
        return _invalid(request)
    if project_request.status != RequestStatus.PENDING:
        if project_request.status == RequestStatus.WITHDRAWN:
            return _invalid(request, message=_("Cette demande a été retirée : déposez-en une nouvelle au besoin."))
        messages.info(request, _("Votre adresse est déjà confirmée : voici votre demande."))
        return redirect("accompaniment:private", project_request.token)
    if confirmation_expires_at(project_request) <= timezone.now():
        return _invalid(request, expired=True)
    if request.method == "POST":
        try:
            confirmed = confirm_email(project_request.token)
        except RequestError as error:
            if error.code == "expired":
                return _invalid(request, expired=True)
            messages.error(request, error.message)
            return redirect("accompaniment:private", project_request.token)
        messages.success(request, _routed_message(confirmed))
        return redirect("accompaniment:private", confirmed.token)
    return render(
        request,
        "accompaniment/request_confirm.html",
        {"project_request": project_request, "expires_at": confirmation_expires_at(project_request)},
    )


@keeps_typed_on_csrf_failure
@never_cache
@require_POST
def reply(request: HttpRequest, token: str) -> HttpResponse:
    project_request = _by_token(token)
    if project_request is None:
        return _invalid(request)
    form = ReplyForm(request.POST)
    if csrf_failed(request):
        form.is_valid()
        form.add_error(None, STALE_FORM_MESSAGE)
        return _private_page(request, project_request, reply_form=form, status=HTTPStatus.FORBIDDEN)
    if not form.is_valid():
        return _private_page(request, project_request, reply_form=form, status=HTTPStatus.BAD_REQUEST)
    if not ratelimit.consume(request, action="accompaniment_message"):
        form.add_error(None, ratelimit.limited_message())
        return _private_page(request, project_request, reply_form=form, status=HTTPStatus.TOO_MANY_REQUESTS)
    try:
        request_reply(project_request=project_request, body=form.cleaned_data["body"], actor=request.user)
    except RequestError as error:
        form.add_error(None, error.message)
        return _private_page(request, project_request, reply_form=form, status=HTTPStatus.BAD_REQUEST)
    if project_request.status == RequestStatus.OPEN:
        messages.success(request, _("Votre message est envoyé aux structures qui ont votre demande."))
    else:
        messages.success(
            request, _("Votre message est enregistré : l'équipe du réseau le lit en orientant votre demande.")
        )
    return redirect("accompaniment:private", project_request.token)


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    project_request = _by_token(token)
    if project_request is None:
        return _invalid(request)
    try:
        request_withdraw(project_request=project_request, actor=request.user)
    except RequestError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Votre demande est retirée : elle n'est plus transmise, et les structures en sont prévenues.")
        )
    return redirect("accompaniment:private", project_request.token)


@require_POST
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """The person has their request erased now (withdrawn first if it was live): the link dies with it."""
    project_request = _by_token(token)
    if project_request is None:
        return _invalid(request)
    request_erase_now(project_request=project_request, actor=request.user)
    messages.success(
        request,
        _(
            "Votre demande est effacée : votre nom, votre adresse et tout ce qui y a été écrit. Son lien ne mène "
            "plus à rien. Seuls ses sujets, sa commune et ses dates restent, sans rien qui vous désigne, pour les "
            "statistiques du réseau."
        ),
    )
    return redirect("accompaniment:request")
