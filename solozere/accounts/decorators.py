"""Who may open a page: one `staff_required`, one `member_required`, built on the role registry (an inactive
account holds no role), and one forbidden page that says why."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from solozere.accounts.roles import Role, has_role, is_network_staff

View = Callable[..., Any]


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The one 403 page: signed in, but not allowed, and told why."""
    return render(request, "403.html", {"message": message}, status=403)


def staff_required(view: View) -> View:
    """Anonymous: to the login page. Signed in but not (active) network staff: the forbidden page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_network_staff(request.user):
            return forbidden(request, _("Cette page est réservée à l'équipe du réseau."))
        return view(request, *args, **kwargs)

    return wrapper


def member_required(view: View) -> View:
    """Active members of the community, and the network staff."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (has_role(request.user, Role.MEMBER) or is_network_staff(request.user)):
            return forbidden(
                request,
                _("Cette page est réservée aux membres du réseau dont l'adhésion est validée et n'a pas expiré."),
            )
        return view(request, *args, **kwargs)

    return wrapper


def partner_agent_required(view: View) -> View:
    """Agents of a partner organisation still in activity (the partner-agent role)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, Role.PARTNER_AGENT):
            return forbidden(request, _("Cette page est réservée aux agents des structures partenaires du réseau."))
        return view(request, *args, **kwargs)

    return wrapper
