"""Roles a person may combine. Each domain app registers how to tell whether a user holds its role
(and, for a scoped role, over what), so that accounts does not import the apps that depend on it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("membre télétravailleur")
    PLACE_MANAGER = "place_manager", _("gestionnaire de lieu")
    COMPANY_REPRESENTATIVE = "company_representative", _("représentant d'entreprise")
    NETWORK_STAFF = "network_staff", _("équipe du réseau")
    PARTNER_AGENT = "partner_agent", _("agent d'une structure partenaire")


RoleCheck = Callable[[Any], bool]
RoleScope = Callable[[Any], Iterable[Any]]

_checks: dict[Role, RoleCheck] = {
    Role.NETWORK_STAFF: lambda user: bool(user.is_staff),
}
# What a scoped role covers for a user (the places a manager manages...). Objects with
# `get_absolute_url` are linked on the profile page.
_scopes: dict[Role, RoleScope] = {}


@dataclass(frozen=True)
class HeldRole:
    role: Role
    scope: list[Any] = field(default_factory=list)


def register_role_check(role: Role, check: RoleCheck, *, scope: RoleScope | None = None) -> None:
    _checks[role] = check
    if scope is not None:
        _scopes[role] = scope


def register_role_scope(role: Role, scope: RoleScope) -> None:
    _scopes[role] = scope


def unregister_role(role: Role) -> None:
    """For tests that register a role of an app not built yet."""
    _checks.pop(role, None)
    _scopes.pop(role, None)


def has_role(user: Any, role: Role) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = _checks.get(role)
    return bool(check and check(user))


def roles_of(user: Any) -> list[Role]:
    return [role for role in Role if has_role(user, role)]


def held_roles(user: Any) -> list[HeldRole]:
    """The roles the user holds, each with its scope (empty for an unscoped role)."""
    held = []
    for role in roles_of(user):
        scope = _scopes.get(role)
        held.append(HeldRole(role=role, scope=list(scope(user)) if scope else []))
    return held


def is_network_staff(user: Any) -> bool:
    return has_role(user, Role.NETWORK_STAFF)
