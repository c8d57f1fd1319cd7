"""Who calls the API's personal endpoints: a program with its owner's personal token, or the site's own pages with
the signed-in session.

- `PersonalToken`: `Authorization: Bearer slz_...`, a token the person made in their account
  (solozere.accounts.api_tokens). No CSRF check: a browser never sends this header by itself, so another site
  cannot make it send one. An unknown or revoked token is refused at once (401), not tried as a session.
- `SessionCookie`: the session cookie of a signed-in person, with Django's CSRF check on every unsafe method
  (the `X-CSRFToken` header, as the site's own scripts send it). Ninja's own SessionAuth checks CSRF before it
  knows whether anyone is signed in, so that a call without any credentials would get a 403 instead of the 401
  that says how to authenticate; and its refusal is in English.

Django's CSRF middleware leaves every Ninja view alone (they are csrf_exempt): the check here is the only one."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from solozere.accounts.api_tokens import api_token_resolve
from solozere.accounts.models import User
from solozere.api.errors import FrenchHttpError


class PersonalToken(HttpBearer):
    openapi_description = (
        "Jeton d'API personnel, créé et révoqué par la personne dans son compte (« Jetons d'API ») : "
        "`Authorization: Bearer slz_...`. Le programme agit alors au nom de la personne, pour ses réservations "
        "seulement."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User:
        row = api_token_resolve(token.strip())
        if row is None:
            with translation.override(settings.LANGUAGE_CODE):
                raise FrenchHttpError(
                    401, _("Ce jeton d'API est inconnu ou révoqué : créez-en un autre dans votre compte.")
                )
        # The rest of the request (the rate limit per person, the services) sees who is calling.
        request.user = row.user
        return row.user


class SessionCookie(SessionAuth):
    openapi_description = (
        "Session du site (cookie de connexion), pour les pages du site lui-même : toute requête autre que GET "
        "doit porter l'en-tête `X-CSRFToken` avec le jeton CSRF de la page."
    )

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        # Safe methods pass Django's check untouched; the others need the token of the session's CSRF cookie.
        if self.csrf and check_csrf(request) is not None:
            with translation.override(settings.LANGUAGE_CODE):
                raise FrenchHttpError(
                    403,
                    _(
                        "Jeton CSRF absent ou invalide : avec une session, envoyez l'en-tête « X-CSRFToken » "
                        "avec le jeton CSRF de la page, ou utilisez un jeton d'API personnel."
                    ),
                )
        return user


PERSONAL = [PersonalToken(), SessionCookie()]
