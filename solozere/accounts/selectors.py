"""Reads of accounts that other apps share: which account an address typed by someone else belongs to."""

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from solozere.accounts.models import User


def users_with_verified_email(email: str) -> QuerySet[User]:
    """The accounts whose address is `email` (in any case) and confirmed (allauth's EmailAddress, verified). An
    address typed without signing in (a visitor's registration) is matched to an account only then: anyone may
    put someone else's address on an account they never confirm."""
    email = email.strip()
    if not email:
        return User.objects.none()
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=email, verified=True)
    return User.objects.filter(email__iexact=email).filter(Exists(confirmed))


def has_verified_email(user: Any) -> bool:
    """Whether the account's own address is confirmed (False for someone not signed in)."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return False
    return users_with_verified_email(user.email).filter(pk=user.pk).exists()
