"""Personal API tokens: a person makes one in their account (« Jetons d'API »), copies it once, and gives it to a
program that then acts as them on the API's personal endpoints (their bookings: solozere.api.bookings), without a
session. Revoked at any time, from the same page; deleted with the account.

A token reads `slz_<prefix><rest>`: 256 random bits from `secrets.token_urlsafe`. Only its SHA-256 is stored, so
neither the database nor an export nor a back-up can give it back; the first characters (`prefix`) stay visible so
that the person can tell their tokens apart. A fast hash is enough here, unlike for a password: nobody can guess
256 random bits, so there is nothing for a slow hash to slow down."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from solozere.accounts.models import ApiToken, User
from solozere.accounts.personal_data import iso, register_personal_data

SCHEME = "slz_"  # recognisable in a configuration file or by a secret scanner
SECRET_BYTES = 32  # 43 characters, 256 bits
PREFIX_LENGTH = 8  # the characters after SCHEME shown in the list
# A person's active tokens at once: one per program is plenty; a forgotten one is revoked to make room.
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token, not at every call of a busy program.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# Longer than any token made here: anything longer is refused before it is even hashed.
MAX_TOKEN_LENGTH = 100


class ApiTokenError(Exception):
    """A refusal with a French message for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Services -------------------------------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, label: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the row, and the token itself, which is shown this once and never kept."""
    label = label.strip()
    if not label:
        raise ApiTokenError(_("Donnez un nom au jeton, par exemple le nom du programme qui l'utilisera."))
    # The person's row is locked so that two clicks at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(
            _("Vous avez déjà %(count)s jetons actifs, le maximum : révoquez-en un que vous n'utilisez plus.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    token = SCHEME + secrets.token_urlsafe(SECRET_BYTES)
    row = ApiToken.objects.create(
        user=user,
        label=label[:100],
        prefix=token[: len(SCHEME) + PREFIX_LENGTH],
        secret_hash=token_hash(token),
    )
    return row, token


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Stop `token` at once. Only its owner revokes it (anyone else: ApiToken.DoesNotExist, a 404)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


# Selectors ------------------------------------------------------------------------------------------------------


# Revoked tokens listed on the page (the latest): the rest are kept, and exported, but no longer shown.
SHOWN_REVOKED = 20


def api_tokens_of(user: User) -> list[ApiToken]:
    """The person's active tokens, newest first, then the latest revoked ones."""
    rows = ApiToken.objects.filter(user=user)
    return list(rows.filter(revoked_at__isnull=True).order_by("-created_at", "-pk")) + list(
        rows.filter(revoked_at__isnull=False).order_by("-revoked_at", "-pk")[:SHOWN_REVOKED]
    )


def api_token_of(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens; another's raises ApiToken.DoesNotExist."""
    return ApiToken.objects.get(pk=pk, user=user)


def api_token_resolve(token: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The active token of an active account that `token` is, or None. Looked up by its hash: the database index
    compares hashes, which tells nothing of the token. Records the use, at most once a minute."""
    if not token.startswith(SCHEME) or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = now or timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        # An update of this row only, without a lock: two calls at once write nearly the same moment.
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row


# Personal data: the tokens exist, their hashes are not exported (an export file travels). ------------------------


def _export(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": row.label,
            "prefix": row.prefix,
            "created_at": iso(row.created_at),
            "last_used_at": iso(row.last_used_at),
            "revoked_at": iso(row.revoked_at),
        }
        for row in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    ]


def register() -> None:
    register_personal_data(
        "api_tokens",
        label=gettext_lazy("Jetons d'API personnels"),
        why=gettext_lazy(
            "Les jetons que vous avez créés pour qu'un programme consulte, fasse ou annule vos réservations par "
            "l'API : leur nom, leur début, quand ils ont servi pour la dernière fois et quand vous les avez "
            "révoqués. Le jeton lui-même n'est pas conservé, seulement une empreinte. Ils sont supprimés avec "
            "votre compte."
        ),
        export=_export,
        relations=[("accounts.apitoken", "user")],
    )
