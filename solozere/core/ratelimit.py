"""One rate-limit mechanism for the whole site: allauth's, the one that already guards sign-in and sign-up. Our
limits live in settings.SOLOZERE_RATE_LIMITS (allauth's syntax: "10/h/ip,30/d/user"), are counted in the shared
cache (never process memory: every app process sees the same counts) and per real client address, which allauth
reads behind the proxy (ALLAUTH_TRUSTED_PROXY_COUNT, ALLAUTH_TRUSTED_CLIENT_IP_HEADER)."""

from http import HTTPStatus

from allauth.account.adapter import get_adapter

# allauth's public helper (allauth.core.ratelimit) reads ACCOUNT_RATE_LIMITS only and never counts a GET; its
# internal one takes the limits and the methods as arguments. Pinned by uv.lock; tests/core/test_ratelimit.py
# would fail if its signature changed.
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

APP = "solozere"


def client_ip(request: HttpRequest) -> str:
    """The address of the person, not of the proxy in front of the site."""
    return str(get_adapter().get_client_ip(request))


def _rates(request: HttpRequest, action: str) -> dict[str, str]:
    rates = [rate.strip() for rate in settings.SOLOZERE_RATE_LIMITS.get(action, "").split(",") if rate.strip()]
    if not request.user.is_authenticated:
        # A limit per person does not apply to someone not signed in; the limits per address still do.
        rates = [rate for rate in rates if not rate.endswith("/user")]
    return {action: ",".join(rates)}


def consume(request: HttpRequest, *, action: str, limit_get: bool = False) -> bool:
    """Count one use of `action`; False when one of its limits is reached (nothing is counted then)."""
    usage = allauth_ratelimit.consume(
        request, app=APP, action=action, config=_rates(request, action), limit_get=limit_get
    )
    return usage is not None


def clear(request: HttpRequest, *, action: str) -> None:
    allauth_ratelimit.clear(request, app=APP, action=action, config=_rates(request, action))


def limited_message() -> str:
    return _("Vous avez fait trop de demandes en peu de temps. Patientez un moment, puis réessayez.")


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The French 429 page, for a limit reached where there is no form to give back."""
    return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
