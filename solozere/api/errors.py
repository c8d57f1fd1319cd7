"""Every error of the API in one shape (`schemas.ErrorOut`), with a French message: Ninja's own handlers answer
in English, with `detail` as a string here and a list there; these replace them."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError

from solozere.territory.models import Commune

# Pydantic's error types, in French. Anything else gets the generic sentence.
_FIELD_MESSAGES = {
    "missing": gettext_noop("« %(field)s » est obligatoire."),
    "int_parsing": gettext_noop("« %(field)s » doit être un nombre entier."),
    "int_type": gettext_noop("« %(field)s » doit être un nombre entier."),
    "int_from_float": gettext_noop("« %(field)s » doit être un nombre entier."),
    "float_parsing": gettext_noop("« %(field)s » doit être un nombre."),
    "float_type": gettext_noop("« %(field)s » doit être un nombre."),
    "decimal_parsing": gettext_noop("« %(field)s » doit être un nombre."),
    "decimal_type": gettext_noop("« %(field)s » doit être un nombre."),
    "finite_number": gettext_noop("« %(field)s » doit être un nombre fini."),
    "bool_parsing": gettext_noop("« %(field)s » doit valoir true ou false."),
    "bool_type": gettext_noop("« %(field)s » doit valoir true ou false."),
    "string_type": gettext_noop("« %(field)s » doit être un texte."),
    "string_too_long": gettext_noop("« %(field)s » est trop long."),
    "list_type": gettext_noop("« %(field)s » doit être une liste."),
    "model_type": gettext_noop("« %(field)s » doit être un objet JSON."),
    "model_attributes_type": gettext_noop("« %(field)s » doit être un objet JSON."),
    "dict_type": gettext_noop("« %(field)s » doit être un objet JSON."),
    "json_invalid": gettext_noop("Le corps de la requête n'est pas du JSON valide."),
    "date_type": gettext_noop("« %(field)s » doit être une date au format AAAA-MM-JJ."),
    "date_parsing": gettext_noop("« %(field)s » doit être une date au format AAAA-MM-JJ."),
    "date_from_datetime_parsing": gettext_noop("« %(field)s » doit être une date au format AAAA-MM-JJ."),
    "literal_error": gettext_noop("« %(field)s » n'est pas une des valeurs permises."),
    "greater_than_equal": gettext_noop("« %(field)s » est trop petit."),
    "less_than_equal": gettext_noop("« %(field)s » est trop grand."),
}
_GENERIC_FIELD_MESSAGE = gettext_noop("« %(field)s » est invalide.")

_STATUS_MESSAGES = {
    400: gettext_noop("La requête est invalide."),
    401: gettext_noop(
        "Authentification requise : envoyez un jeton d'API personnel (en-tête « Authorization: Bearer <jeton> », "
        "à créer dans votre compte) ou connectez-vous sur le site."
    ),
    403: gettext_noop("Accès refusé."),
    404: gettext_noop("Ressource introuvable."),
    409: gettext_noop("La demande ne peut pas aboutir en l'état."),
    405: gettext_noop("Méthode non autorisée pour cette adresse."),
    429: gettext_noop("Trop de requêtes : réessayez dans quelques instants."),
}


class FrenchHttpError(HttpError):
    """An HTTP error whose message is already the French sentence to send (Ninja's own say it in English)."""


def error_body(message: str, *, errors: Sequence[str] = (), choices: Sequence[Commune] = ()) -> dict[str, Any]:
    return {"message": message, "errors": list(errors), "choices": [commune_choice(c) for c in choices]}


def commune_choice(commune: Commune) -> dict[str, Any]:
    current = commune.current
    return {
        "insee_code": commune.insee_code,
        "name": commune.name,
        "label": str(commune),
        "kind": commune.kind,
        "current_commune": current.name,
        "postal_codes": current.postal_code_list,
    }


def _field_name(location: Sequence[Any]) -> str:
    # ("body", "payload", "expenses", 0, "amount") -> "expenses.0.amount"; ("path", "id") -> "id".
    parts = [str(part) for part in location[1:] if part != "payload"] or [str(part) for part in location]
    return ".".join(parts)


def field_messages(errors: Sequence[dict[str, Any]]) -> list[str]:
    messages = []
    for error in errors:
        template = _FIELD_MESSAGES.get(str(error.get("type")), _GENERIC_FIELD_MESSAGE)
        message = _(template) % {"field": _field_name(error.get("loc", ()))}
        if message not in messages:
            messages.append(message)
    return messages


def _validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    body = error_body(_("La requête contient des données invalides."), errors=field_messages(exc.errors))
    return api.create_response(request, body, status=422)


def _http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    # Ninja's messages ("Cannot parse request body", "Too many requests.") are English: say it in French.
    if isinstance(exc, FrenchHttpError):
        message = exc.message
    elif exc.status_code == 400 and str(exc) == "Cannot parse request body":
        message = _("Le corps de la requête n'est pas du JSON valide.")
    elif isinstance(exc, Throttled):
        message = _(_STATUS_MESSAGES[429])
    else:
        message = _(_STATUS_MESSAGES.get(exc.status_code, "La requête n'a pas pu aboutir."))
    response = api.create_response(request, error_body(message), status=exc.status_code)
    if isinstance(exc, Throttled):
        # The API's shortest window is a minute (SOLOZERE_RATE_LIMITS["api"]): a client may try again after it.
        response["Retry-After"] = str(exc.wait or 60)
    if exc.status_code == 401:
        # RFC 9110: a 401 names the scheme it wants (the personal token; a signed-in session works too).
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body(_(_STATUS_MESSAGES[404])), status=404)


def install_error_handlers(api: NinjaAPI) -> None:
    """The API speaks French whatever the Accept-Language (as the places endpoints do)."""

    def french(handler: Callable[..., HttpResponse]) -> Callable[[HttpRequest, Any], HttpResponse]:
        def handle(request: HttpRequest, exc: Any) -> HttpResponse:
            with translation.override(settings.LANGUAGE_CODE):
                return handler(request, exc, api=api)

        return handle

    api.add_exception_handler(ValidationError, french(_validation_error))
    api.add_exception_handler(HttpError, french(_http_error))
    api.add_exception_handler(Http404, french(_not_found))
