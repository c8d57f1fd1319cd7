"""Private calendar feeds: an address with a secret that a person pastes into their calendar application, which then
reads it without a session. One mechanism for every app: each registers a kind of feed in its AppConfig.ready()
(as with accounts.roles), naming who may have it and what events it holds; accounts serves every feed at
/compte/agenda/<token>.ics and resets the secrets.

A purpose is "<kind>" for a feed of the person ("bookings": my bookings) or "<kind>:<argument>" for a feed of an
object they look after ("place-bookings:12": the bookings of place 12, for its managers). Who may read is checked
again at every request: a manager removed from a place loses its feed with the role."""

import hmac
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from solozere.accounts.models import FeedToken, User
from solozere.accounts.personal_data import iso, register_personal_data
from solozere.core.calendar import CalendarEvent

SELECTOR_BYTES = 9  # 12 characters: finds the row
SECRET_BYTES = 32  # 43 characters, 256 bits: cannot be guessed

Allowed = Callable[[User, str], bool]  # (user, argument) -> may this person have this feed?
Events = Callable[[User, str], Iterable[CalendarEvent]]  # (user, argument) -> its events
Name = Callable[[User, str], str]  # (user, argument) -> the calendar's title


@dataclass(frozen=True)
class FeedKind:
    kind: str
    label: str | Promise  # shown on « Mes données »
    name: Name
    events: Events
    allowed: Allowed
    filename: str


_kinds: dict[str, FeedKind] = {}


def register_feed(
    kind: str,
    *,
    label: str | Promise,
    name: Name,
    events: Events,
    allowed: Allowed,
    filename: str,
) -> None:
    """Called by an app in its AppConfig.ready(). `kind` has no ":" (it separates the argument)."""
    if not kind or ":" in kind:
        raise ValueError("a feed kind is a non-empty word without ':'")
    _kinds[kind] = FeedKind(kind=kind, label=label, name=name, events=events, allowed=allowed, filename=filename)


def unregister_feed(kind: str) -> None:
    """For tests that register a stand-in."""
    _kinds.pop(kind, None)


def split_purpose(purpose: str) -> tuple[str, str]:
    kind, _sep, argument = purpose.partition(":")
    return kind, argument


def feed_kind(purpose: str) -> FeedKind | None:
    return _kinds.get(split_purpose(purpose)[0])


def feed_allowed(*, user: User, purpose: str) -> bool:
    """Whether `user` may hold the feed `purpose` now: a registered kind, an active account, the app's own check."""
    kind = feed_kind(purpose)
    if kind is None or not user.is_active:
        return False
    return bool(kind.allowed(user, split_purpose(purpose)[1]))


# Services -------------------------------------------------------------------------------------------------------


def _new_secrets() -> tuple[str, str]:
    return secrets.token_urlsafe(SELECTOR_BYTES), secrets.token_urlsafe(SECRET_BYTES)


@transaction.atomic
def feed_token_reset(*, user: User, purpose: str) -> FeedToken:
    """Give `user` a new address for `purpose` (the first one, or a new one that replaces the old, which stops
    working at once). Raises PermissionError when the person may not have this feed."""
    if not feed_allowed(user=user, purpose=purpose):
        raise PermissionError(purpose)
    selector, secret = _new_secrets()
    token = FeedToken.objects.select_for_update().filter(user=user, purpose=purpose).first()
    if token is None:
        try:
            with transaction.atomic():
                return FeedToken.objects.create(user=user, purpose=purpose, selector=selector, secret=secret)
        except IntegrityError:
            # Two clicks at once: the other created the row; replace its secret like a reset.
            token = FeedToken.objects.select_for_update().get(user=user, purpose=purpose)
    token.selector, token.secret = selector, secret
    token.save(update_fields=["selector", "secret"])
    return token


def feed_tokens_delete(*, purpose_prefix: str) -> int:
    """Delete the addresses of a kind (or of one object: "place-bookings:12"), e.g. when the object is deleted."""
    kind, argument = split_purpose(purpose_prefix)
    query = Q(purpose=purpose_prefix) if argument else Q(purpose=kind) | Q(purpose__startswith=f"{kind}:")
    deleted, _detail = FeedToken.objects.filter(query).delete()
    return deleted


# Selectors ------------------------------------------------------------------------------------------------------


def feed_token_of(*, user: User, purpose: str) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, purpose=purpose).first()


def feed_token_resolve(token: str) -> FeedToken | None:
    """The row an address names, or None; the secret is compared in constant time, so the time taken does not tell
    how much of a guess was right."""
    selector, _sep, secret = token.partition(".")
    if not selector or not secret or len(token) > 100:
        return None
    row = FeedToken.objects.select_related("user").filter(selector=selector).first()
    if row is None:
        # Compare anyway, against a secret of the same length, to spend the same time.
        hmac.compare_digest(secret.encode(), secrets.token_urlsafe(SECRET_BYTES).encode())
        return None
    if not hmac.compare_digest(secret.encode(), row.secret.encode()):
        return None
    return row


def feed_url(token: FeedToken) -> str:
    """The absolute address to paste into a calendar application."""
    return settings.SITE_URL.rstrip("/") + reverse("accounts:feed", kwargs={"token": token.token})


def feed_context(*, user: User, purpose: str, next_url: str = "") -> dict[str, Any]:
    """What the « Votre agenda privé » component (accounts/_private_feed.html) needs. Reads only: the address is
    made when the person asks for it (a POST), never by showing a page."""
    token = feed_token_of(user=user, purpose=purpose)
    return {
        "feed_purpose": purpose,
        "feed_url": feed_url(token) if token else "",
        "feed_next": next_url,
    }


# Personal data: the addresses exist, their secrets are not exported (an export file travels). ---------------------


def _export(user: User) -> list[dict[str, Any]]:
    return [
        {"agenda": row.purpose, "created_at": iso(row.created_at)}
        for row in FeedToken.objects.filter(user=user).order_by("purpose")
    ]


def register() -> None:
    register_personal_data(
        "calendar_feeds",
        label=_("Liens d'agenda privés"),
        why=_(
            "Les adresses secrètes qui permettent à votre application d'agenda de lire vos réservations ou vos "
            "inscriptions. Elles sont supprimées avec votre compte ; vous pouvez les réinitialiser à tout moment."
        ),
        export=_export,
        relations=[("accounts.feedtoken", "user")],
    )
