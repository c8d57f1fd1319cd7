"""Whole public pages cached for anonymous visitors, in the shared cache, under the versions of cache_version.py.

    @cache_anonymous_page("places", "charter")
    def place_detail(request, slug): ...

What is cached, and for whom:
- only GET/HEAD requests without an Authorization header, of a visitor with neither a session cookie nor a messages cookie (so, anonymous, with no
  state of their own: no flash message waiting, no sign-in or draft under way); never a signed-in user;
- only 200 answers that set no cookie, add no message, do not touch the session and are not `private`/`no-store`;
- under a key made of the namespaces' versions, the day (or the minute, for "open now"), the release (hash of the static manifest), the language, the host
  and scheme, the path, the query string normalised (parameters sorted, so `?b=1&a=2` and `?a=2&b=1` are one page),
  and the htmx headers (the same URL answers a fragment or a page).

Per-visitor secrets are never shared: every page carries a CSRF token (the language switch and htmx's header in
base.html) and, with django-csp, a script nonce. Before storing, the tokens of this request (checked by unmasking
them against its CSRF secret) and its nonce are replaced by placeholders; on a hit the placeholders are replaced by
a fresh token of the new visitor (which sets their CSRF cookie as usual) and their own nonce. So forms that POST
(the language switch, a report link's form) work from a cached page, and the cached part holds no secret.

Vary: the answer keeps the view's Vary headers (Cookie, set by the CSRF middleware when the token is used; HX-Request
for /lieux/); the language comes from the language cookie, which is part of the key, not from Accept-Language."""

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re  # type: ignore[attr-defined]

from solozere.core import cache_version, ratelimit

CSRF_PLACEHOLDER = "__solozere_csrf_token__"
NONCE_PLACEHOLDER = "__solozere_csp_nonce__"
_TOKEN_RE = re.compile(rb"[A-Za-z0-9]{64}")
# Headers the cached copy keeps; Set-Cookie, Content-Length and the like are the new answer's own.
_KEPT_HEADERS = {"content-type", "vary", "content-language", "x-frame-options", "cache-control", "link"}
HIT_HEADER = "X-Page-Cache"

View = Callable[..., HttpResponse]


def _release() -> str:
    return str(getattr(staticfiles_storage, "manifest_hash", "") or "")


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_key(request: HttpRequest, namespaces: tuple[str, ...], *, per_minute: bool = False) -> str:
    # What the pages show also depends on the time: "open now" (to the minute) and dates (to the day).
    now = timezone.localtime()
    moment = now.strftime("%Y-%m-%dT%H:%M" if per_minute else "%Y-%m-%d")
    versions = cache_version.get_many(namespaces) if namespaces else {}
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)))
    parts = [
        _release(),
        moment,
        ",".join(f"{name}={version}" for name, version in sorted(versions.items())),
        translation.get_language() or "",
        request.scheme or "",
        request.get_host(),
        request.path,
        query,
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _csrf_secret(request: HttpRequest) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    return secret if isinstance(secret, str) else None


def _strip_secrets(request: HttpRequest, body: bytes) -> bytes:
    secret = _csrf_secret(request)
    if secret:
        body = _TOKEN_RE.sub(
            lambda match: (
                CSRF_PLACEHOLDER.encode() if _unmask_cipher_token(match.group().decode()) == secret else match.group()
            ),
            body,
        )
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
    return body


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and getattr(storage, "_queued_messages", None))


def _from_cache(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    body: bytes = entry["body"]
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    if NONCE_PLACEHOLDER.encode() in body:
        body = body.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())  # type: ignore[attr-defined]
    response = HttpResponse(body, status=200)
    for name, value in entry["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


def cache_anonymous_page(
    *namespaces: str, per_minute: bool = False, rate_limit: str | None = None
) -> Callable[[View], View]:
    """Serve the view's answer from the shared cache to anonymous visitors (see the module's docstring), under the
    versions of `namespaces` (the apps whose rows the page shows) and of the day, or of the minute with per_minute
    (pages that say whether a place is open now).

    `rate_limit` names the limit the view itself enforces (the API's): a hit counts against it too, and past it the
    view answers (its 429), so a cached answer never lets anyone past a limit."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (
                settings.PAGE_CACHE_SECONDS <= 0
                or not _cacheable_request(request)
                or len(messages.get_messages(request))
            ):
                return view(request, *args, **kwargs)
            key = page_key(request, namespaces, per_minute=per_minute)
            entry = cache.get(key)
            if entry is not None:
                if rate_limit is None or ratelimit.consume(request, action=rate_limit, limit_get=True):
                    return _from_cache(request, entry)
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            if request.method == "GET" and _cacheable_response(request, response):
                if hasattr(response, "render") and callable(response.render):
                    response.render()
                headers = [(name, value) for name, value in response.items() if name.lower() in _KEPT_HEADERS]
                cache.set(
                    key,
                    {"body": _strip_secrets(request, response.content), "headers": headers},
                    timeout=min(settings.PAGE_CACHE_SECONDS, 60) if per_minute else settings.PAGE_CACHE_SECONDS,
                )
                response[HIT_HEADER] = "miss"
            return response

        return wrapped

    return decorator
