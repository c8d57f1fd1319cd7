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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts import api_tokens as api_tokens_module
from solozere.accounts import feeds
from solozere.accounts import personal_data as personal_data_module
from solozere.accounts.forms import AccountDeleteForm, ApiTokenForm, FeedResetForm
from solozere.accounts.models import ApiToken, User
from solozere.accounts.roles import held_roles
from solozere.core import ratelimit
from solozere.core.calendar import CONTENT_TYPE, build_calendar, ics_filename


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
        return ratelimit.too_many_requests(request)
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


@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private calendar feed, read by a calendar application without a session: the secret in the address is the
    only key. Unknown, reset or no longer allowed: the same 404, which tells nothing of the addresses that exist."""
    row = feeds.feed_token_resolve(token)
    kind = feeds.feed_kind(row.purpose) if row else None
    if row is None or kind is None or not feeds.feed_allowed(user=row.user, purpose=row.purpose):
        if not ratelimit.consume(request, action="calendar_feed_miss", limit_get=True):
            return ratelimit.too_many_requests(request)
        raise Http404
    argument = feeds.split_purpose(row.purpose)[1]
    text = build_calendar(kind.events(row.user, argument), name=kind.name(row.user, argument))
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{ics_filename(kind.filename)}"'
    # Search engines must never index a leaked address.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    """Make (or remake) the person's address of one feed; the old one stops working at once."""
    user: User = request.user  # type: ignore[assignment]  # login_required
    form = FeedResetForm(request.POST)
    if not form.is_valid():
        raise Http404
    purpose = form.cleaned_data["purpose"]
    had_one = feeds.feed_token_of(user=user, purpose=purpose) is not None
    try:
        feeds.feed_token_reset(user=user, purpose=purpose)
    except PermissionError:
        raise Http404 from None
    if had_one:
        messages.success(
            request,
            _("Votre lien d'agenda privé est réinitialisé. L'ancien ne fonctionne plus : abonnez-vous au nouveau."),
        )
    else:
        messages.success(request, _("Votre lien d'agenda privé est prêt. Copiez-le dans votre application d'agenda."))
    next_url = form.cleaned_data["next"]
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url if "#" in next_url else f"{next_url}#agenda-prive")
    return redirect("accounts:profile")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens: the list, and a form to make one. A new token is shown in the answer to its POST
    and nowhere else (only its hash is kept), so this page is not redirected after a creation, and never cached."""
    user: User = request.user  # type: ignore[assignment]  # login_required
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = ""
    new_row: ApiToken | None = None
    if request.method == "POST" and form.is_valid():
        try:
            new_row, new_token = api_tokens_module.api_token_create(user=user, label=form.cleaned_data["label"])
        except api_tokens_module.ApiTokenError as error:
            form.add_error(None, error.message)
        else:
            form = ApiTokenForm()
    tokens = api_tokens_module.api_tokens_of(user)
    active = [token for token in tokens if token.is_active]
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "active_tokens": active,
            "revoked_tokens": [token for token in tokens if not token.is_active],
            "new_token": new_token,
            "new_row": new_row,
            "limit": api_tokens_module.MAX_ACTIVE_TOKENS,
            "limit_reached": len(active) >= api_tokens_module.MAX_ACTIVE_TOKENS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # login_required
    try:
        token = api_tokens_module.api_token_of(user, pk)
        api_tokens_module.api_token_revoke(user=user, token=token)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(
        request,
        _("Le jeton « %(label)s » est révoqué : il ne fonctionne plus.") % {"label": token.label},
    )
    return redirect("accounts:api_tokens")
