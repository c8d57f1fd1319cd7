"""A form sent from a page gone stale: the CSRF check failed (its cookie expired with the browser session, a sign-in
in another tab changed the token, the page stayed open for days). Django's own answer is a bare page that loses
everything typed.

settings.CSRF_FAILURE_VIEW is `csrf_failure` below. A view marked `@keeps_typed_on_csrf_failure` is called again with
`csrf_failed(request)` true: it must then act on nothing, only show its form bound to what was sent, with
`STALE_FORM_MESSAGE` and a fresh token (the page's `{% csrf_token %}` sets a new cookie), so that one more click sends
it. Any other POST gets the French page 403_csrf.html, which says how to get back what was typed."""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

STALE_FORM_MESSAGE = _(
    "Ce formulaire était resté ouvert trop longtemps et n'a pas été envoyé. Rien de ce que vous avez saisi n'est "
    "perdu : vérifiez-le, puis envoyez-le de nouveau."
)
_MARK = "keeps_typed_on_csrf_failure"
_FAILED = "_solozere_csrf_failed"

View = Callable[..., HttpResponse]


def keeps_typed_on_csrf_failure(view: View) -> View:
    """Mark `view` as able to show its form again, bound and acting on nothing, when the CSRF check fails."""
    setattr(view, _MARK, True)
    return view


def csrf_failed(request: HttpRequest) -> bool:
    """True while `csrf_failure` calls a marked view again: act on nothing, show the form with what was sent."""
    return bool(getattr(request, _FAILED, False))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.method == "POST":
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and getattr(match.func, _MARK, False):
            setattr(request, _FAILED, True)
            response: Any = match.func(request, *match.args, **match.kwargs)
            return response  # type: ignore[no-any-return]
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)
