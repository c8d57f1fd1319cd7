"""A person's side of registrations: register (/agenda/<slug>/inscription/), the private link of a registration
(/agenda/inscription/<token>/: status, cancel, accept an offer; /confirmer/ for a visitor's address), and « Mes
inscriptions » (/compte/inscriptions/). A link that is unknown or past its time gets a French page, never a 500."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts.feeds import feed_context
from solozere.core import ratelimit
from solozere.events.calendar_registration import online_link
from solozere.events.forms_registration import RegistrationForm
from solozere.events.models import Event, Registration
from solozere.events.panel_registration import panel_context
from solozere.events.selectors import visible_event
from solozere.events.selectors_registration import questions_of, registration_by_token, registrations_of
from solozere.events.services_registration import (
    CONFIRMATION_HOURS,
    RegistrationError,
    confirmation_expires_at,
    event_when,
    position,
    registration_accept,
    registration_cancel,
    registration_confirm,
    registration_offer_round,
    registration_register,
    registration_request,
)
from solozere.events.workflow import LIVE_STATES, RegistrationStatus


def _event_or_404(request: HttpRequest, slug: str) -> Event:
    try:
        return visible_event(request.user, slug)
    except Event.DoesNotExist:
        raise Http404 from None


def _sent_message(email: str) -> str:
    return _(
        "Un e-mail vient de partir vers %(email)s : ouvrez le lien qu'il contient dans les %(hours)s heures pour "
        "confirmer votre inscription. Sans cette confirmation, aucune place n'est retenue."
    ) % {"email": email, "hours": CONFIRMATION_HOURS}


def _outcome_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.REGISTERED:
        return _("Vous êtes inscrit ou inscrite : %(site)s, place n° %(seat)s. Un e-mail de confirmation suit.") % {
            "site": registration.site.name,
            "seat": registration.seat,
        }
    return _(
        "C'est complet sur ce site : vous êtes sur la liste d'attente (n° %(position)s). Si une place se libère, "
        "vous recevrez un e-mail pour la prendre."
    ) % {"position": position(registration)}


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The registration form on a page of its own: where a form with errors comes back, with what was typed."""
    event = _event_or_404(request, slug)
    visitor = not request.user.is_authenticated
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        sites=list(event.sites.all()),
        questions=questions_of(event),
        visitor=visitor,
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_robot:
            # Said as to a person, so that a robot learns nothing; nothing is kept, nothing is sent.
            messages.success(request, _sent_message(str(request.POST.get("email", ""))[:254]))
            return redirect(event.get_absolute_url())
        status = HTTPStatus.BAD_REQUEST
        if form.is_valid() and visitor and not ratelimit.consume(request, action="event_registration"):
            form.add_error(None, ratelimit.limited_message())
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            data = form.cleaned_data
            try:
                if visitor:
                    outcome = registration_request(
                        site=data["site"], name=data["name"], email=data["email"], answers=form.answers
                    )
                    messages.success(request, _sent_message(outcome.registration.email))
                    return redirect(event.get_absolute_url())
                registration = registration_register(
                    actor=request.user,  # type: ignore[arg-type]
                    site=data["site"],
                    answers=form.answers,
                )
            except RegistrationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _outcome_message(registration))
                return redirect("events:registration_private", registration.token)
    context = panel_context(request, event, form=form)
    return render(request, "events/registration_form.html", context, status=status)


# --- The private link ---------------------------------------------------------------------------------------------


def _invalid(request: HttpRequest, *, expired: bool = False, message: str = "") -> HttpResponse:
    """Unknown (or erased) link: 404; a link past its time: 410. Both in French, with the way forward."""
    return render(
        request,
        "events/registration_link_invalid.html",
        {"expired": expired, "message": message},
        status=HTTPStatus.GONE if expired else HTTPStatus.NOT_FOUND,
    )


def _by_token(token: str) -> Registration | None:
    try:
        return registration_by_token(token)
    except Registration.DoesNotExist:
        return None


def _answers(registration: Registration) -> list[tuple[str, str]]:
    labels = {str(question.pk): question.label for question in questions_of(registration.event)}
    return [(labels.get(key, _("Question retirée")), value) for key, value in registration.answers.items()]


@never_cache
@require_GET
def private(request: HttpRequest, token: str) -> HttpResponse:
    registration = _by_token(token)
    if registration is None:
        return _invalid(request)
    now = timezone.now()
    event = registration.event
    offer_running = (
        registration.status == RegistrationStatus.OFFERED
        and registration.offer_expires_at is not None
        and registration.offer_expires_at > now
    )
    return render(
        request,
        "events/registration_private.html",
        {
            "registration": registration,
            "event": event,
            "site": registration.site,
            "when": event_when(event),
            "answers": _answers(registration),
            "position": position(registration) if registration.status == RegistrationStatus.WAITING else None,
            "offer_running": offer_running,
            "offer_lapsed": registration.status == RegistrationStatus.OFFERED and not offer_running,
            "can_cancel": registration.status in LIVE_STATES and event.starts_at > now,
            "online_link": online_link(registration),
            "confirm_expires_at": confirmation_expires_at(registration)
            if registration.status == RegistrationStatus.PENDING
            else None,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail. A GET shows one button (a mail scanner that opens links takes no seat);
    the POST confirms: a seat, or the waiting list."""
    registration = _by_token(token)
    if registration is None:
        return _invalid(request)
    if registration.status != RegistrationStatus.PENDING:
        if registration.status in LIVE_STATES:
            messages.info(request, _("Votre adresse est déjà confirmée : voici votre inscription."))
            return redirect("events:registration_private", registration.token)
        return _invalid(request, message=_("Cette inscription a été annulée : inscrivez-vous de nouveau."))
    if confirmation_expires_at(registration) <= timezone.now():
        return _invalid(request, expired=True)
    if request.method == "POST":
        try:
            confirmed = registration_confirm(registration=registration)
        except RegistrationError as error:
            if error.code == "expired":
                return _invalid(request, expired=True)
            messages.error(request, error.message)
            return redirect("events:registration_private", registration.token)
        messages.success(request, _outcome_message(confirmed))
        return redirect("events:registration_private", confirmed.token)
    return render(
        request,
        "events/registration_confirm.html",
        {
            "registration": registration,
            "event": registration.event,
            "when": event_when(registration.event),
            "expires_at": confirmation_expires_at(registration),
        },
    )


@require_POST
def private_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _by_token(token)
    if registration is None:
        return _invalid(request)
    try:
        registration_cancel(registration=registration, actor=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Votre inscription est annulée : la place est rendue. Merci de l'avoir dit."))
    return redirect("events:registration_private", registration.token)


@require_POST
def private_accept(request: HttpRequest, token: str) -> HttpResponse:
    registration = _by_token(token)
    if registration is None:
        return _invalid(request)
    try:
        accepted = registration_accept(registration=registration)
    except RegistrationError as error:
        if error.code == "offer_expired":
            # The offer lapsed before the periodic round saw it: the seat goes to the next in line now.
            registration_offer_round(site=registration.site)
        messages.error(request, error.message)
        return redirect("events:registration_private", registration.token)
    messages.success(request, _outcome_message(accepted))
    return redirect("events:registration_private", accepted.token)


# --- « Mes inscriptions » ------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    upcoming, others = registrations_of(request.user)
    return render(
        request,
        "events/registration_mine.html",
        {
            "upcoming": [{"registration": row, "when": event_when(row.event)} for row in upcoming],
            "others": [{"registration": row, "when": event_when(row.event)} for row in others],
            **feed_context(
                user=request.user,  # type: ignore[arg-type]
                purpose="event-registrations",
                next_url=request.path,
            ),
        },
    )
