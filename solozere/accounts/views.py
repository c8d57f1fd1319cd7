from http import HTTPStatus

from allauth.account.internal.flows.email_verification import (
    consume_email_verification_rate_limit,
    get_address_for_login,
    send_verification_email_at_login,
)
from allauth.account.internal.stagekit import unstash_login
from allauth.account.views import LoginView, SignupView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts import personal_data as personal_data_module
from solozere.accounts.forms import AccountDeleteForm
from solozere.accounts.roles import held_roles
from solozere.core.ratelimit import too_many_requests


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"held_roles": held_roles(request.user)})


@never_cache
@login_required
@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    """What each app holds of the person and why, whatever roles they hold (or none)."""
    return render(
        request,
        "accounts/personal_data.html",
        {
            "sources": personal_data_module.sources(),
            "blockers": personal_data_module.deletion_blockers(user=request.user),
        },
    )


@never_cache
@login_required
@require_GET
def personal_data_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        personal_data_module.personal_data_json(user=request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"solozere-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data_module.account_delete(user=request.user)
        except personal_data_module.AccountDeletionRefused as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Votre compte et vos données sont supprimés. Au revoir !"))
            return redirect("pages:home")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "blockers": personal_data_module.deletion_blockers(user=request.user)},
    )


@never_cache
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """Send the confirmation e-mail again, to the address of the sign-up or sign-in waiting in this session.

    allauth's own mechanism (the one that resends at each sign-in with an unconfirmed address), under its own limit
    ACCOUNT_RATE_LIMITS["confirm_email"] (one mail per address every 3 minutes); the link keeps the pending sign-in's
    destination (AccountAdapter.get_email_confirmation_url). A sign-up with an address that already has an account
    (allauth's enumeration prevention) gets the same answer, and its owner the same "already exists" mail again.
    """
    login = unstash_login(request, peek=True)
    if login is None:
        messages.info(
            request,
            _(
                "Cette demande a expiré. Connectez-vous avec votre adresse e-mail et votre mot de passe : "
                "si l'adresse n'est pas encore confirmée, un nouvel e-mail de confirmation vous sera envoyé."
            ),
        )
        return redirect("account_login")
    address = get_address_for_login(login) if login.user else None
    email = address.email if address else login.email
    if address is not None and address.verified:
        messages.info(request, _("Votre adresse e-mail est déjà confirmée : vous pouvez vous connecter."))
        return redirect("account_login")
    if not email or not consume_email_verification_rate_limit(request, email, dry_run=True):
        messages.warning(
            request,
            _(
                "Un e-mail de confirmation vous a été envoyé il y a moins de trois minutes : attendez-le un peu "
                "et regardez dans les courriers indésirables avant d'en demander un autre. Le lien qu'il contient "
                "reste valable."
            ),
        )
        return render(request, "account/verification_sent.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    send_verification_email_at_login(request, login)
    return redirect("account_email_verification_sent")


# The entrance forms given back, as typed, when allauth refuses their POST for a rate limit (passwords excepted: a
# password field is never written back into a page).
_ENTRANCE_VIEWS = {"account_login": LoginView, "account_signup": SignupView}


def rate_limited(request: HttpRequest) -> HttpResponse:
    """allauth's 429 (config.urls.handler429, which allauth's respond_429 calls for each of its limits).

    Refused sign-ups and sign-ins show their form again with what was typed and the reason at the top; any other
    limit reached gets the French 429 page.
    """
    match = request.resolver_match
    view_class = _ENTRANCE_VIEWS.get(match.url_name or "") if match else None
    if view_class is None or request.method != "POST":
        return too_many_requests(request)
    view = view_class()
    view.setup(request)
    form = view.get_form_class()(**view.get_form_kwargs())
    # Not validated (validating a sign-in would count a failed attempt): the data is shown back with one error.
    form.cleaned_data = {}
    form._errors = ErrorDict(
        {
            NON_FIELD_ERRORS: form.error_class(
                [
                    _(
                        "Trop de tentatives en peu de temps : patientez quelques minutes, puis envoyez de "
                        "nouveau le formulaire (retapez le mot de passe)."
                    )
                ],
                error_class="nonfield",
            )
        }
    )
    response = view.render_to_response(view.get_context_data(form=form))
    response.status_code = HTTPStatus.TOO_MANY_REQUESTS
    return response
