"""Staff pages need a second factor: a staff member or superuser without an authenticator app is sent to set one
up before any page of the staff areas. Once it exists, allauth asks its code at every sign-in (its MFA stage), and
every sign-in goes through allauth: the admin's own login page only redirects there (backoffice/admin.py)."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# The staff screens (ADR 0008) and Django's admin.
STAFF_AREAS = ("/equipe/", "/gestion/")


def needs_second_factor(user: object) -> bool:
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def has_second_factor(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_second_factor(user: object) -> bool:
    """A staff member without an authenticator app, where the site requires one (MFA_REQUIRED_FOR_STAFF)."""
    return bool(settings.MFA_REQUIRED_FOR_STAFF and needs_second_factor(user) and not has_second_factor(user))


def second_factor_required_message() -> str:
    return _(
        "Les pages de l'équipe demandent une double authentification : installez une application "
        "d'authentification (FreeOTP, Aegis, Google Authenticator…) sur votre téléphone ; après avoir "
        "confirmé votre mot de passe si on vous le demande, scannez avec elle le QR code de la page "
        "suivante et saisissez le code qu'elle affiche. Il vous sera ensuite demandé à chaque connexion."
    )


class StaffSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if request.path.startswith(STAFF_AREAS) and user.is_authenticated and must_set_up_second_factor(user):
            messages.warning(request, second_factor_required_message())
            return redirect("mfa_activate_totp")
        return self.get_response(request)
