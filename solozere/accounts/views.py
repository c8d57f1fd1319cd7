from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solozere.accounts import feeds
from solozere.accounts import personal_data as personal_data_module
from solozere.accounts.forms import AccountDeleteForm, FeedResetForm
from solozere.accounts.models import User
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
