"""What SoLozère holds of a person, app by app. Each app registers, in its AppConfig.ready(), a label and a reason
(shown on « Mes données »), an export (user → JSON-ready data), an anonymise function run before the account is
deleted, and optionally a check that refuses the deletion with a French reason. accounts never imports those apps.

Rows of apps that registered nothing are still exported, by a generic fallback over every foreign key to the user."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from solozere.core.mail import notify
from solozere.core.models import AuditLogEntry

Export = Callable[[Any], Any]
Anonymise = Callable[..., None]  # (*, user, today) -> None
BlocksDeletion = Callable[[Any], str | None]


class AccountDeletionRefused(Exception):
    """The account cannot be deleted now; the message says why, in French, to the person."""


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: str | Promise
    why: str | Promise
    export: Export
    anonymise: Anonymise | None = None
    blocks_deletion: BlocksDeletion | None = None
    # (model label, field name) of the relations to the user this source exports itself.
    relations: frozenset[tuple[str, str]] = field(default_factory=frozenset)


# What accounts exports itself: the account, its addresses, the changes the person made.
ACCOUNT_RELATIONS = frozenset({("account.emailaddress", "user"), ("core.auditlogentry", "actor")})

_sources: dict[str, PersonalDataSource] = {}


def register_personal_data(
    key: str,
    *,
    label: str | Promise,
    why: str | Promise,
    export: Export,
    anonymise: Anonymise | None = None,
    blocks_deletion: BlocksDeletion | None = None,
    relations: Iterable[tuple[str, str]] = (),
) -> None:
    _sources[key] = PersonalDataSource(
        key=key,
        label=label,
        why=why,
        export=export,
        anonymise=anonymise,
        blocks_deletion=blocks_deletion,
        relations=frozenset(relations),
    )


def unregister_personal_data(key: str) -> None:
    """For tests that register a stand-in."""
    _sources.pop(key, None)


def sources() -> list[PersonalDataSource]:
    return list(_sources.values())


def explicit_relations() -> set[tuple[str, str]]:
    """Relations to the user some source exports itself (the generic fallback skips them)."""
    relations = set(ACCOUNT_RELATIONS)
    for source in _sources.values():
        relations |= source.relations
    return relations


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


# Export ----------------------------------------------------------------------------------------------------------


def _account_export(user: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_staff": user.is_staff,
        "groups": [group.name for group in user.groups.all()],
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in user.emailaddress_set.all()
        ]
        if hasattr(user, "emailaddress_set")
        else [],
    }


def user_relations() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) pointing at the user model, across all installed apps."""
    relations = []
    # include_hidden: relations declared with related_name="+" (audit logs...) point at the user too.
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and not relation.concrete and relation.related_model:
            relations.append((relation.related_model, relation.field.name))  # type: ignore[union-attr]
    return relations


# Field names never exported, whatever model they are on.
_SECRET_WORDS = ("password", "token", "secret", "key", "session")


def _generic_row(obj: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        if any(word in model_field.name for word in _SECRET_WORDS):
            continue
        value = getattr(obj, model_field.attname)
        if isinstance(value, date | datetime):
            value = value.isoformat()
        row[model_field.name] = None if isinstance(value, bytes) else value
    return row


def _other_related_data(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Data of apps that do not export themselves: any row whose foreign key points at the user."""
    explicit = explicit_relations()
    other: dict[str, list[dict[str, Any]]] = {}
    for model, field_name in user_relations():
        if (model._meta.label_lower, field_name) in explicit or model._meta.auto_created:
            continue
        rows = [_generic_row(obj) for obj in model._default_manager.filter(**{field_name: user})]
        if rows:
            other[f"{model._meta.label_lower}.{field_name}"] = rows
    return other


def personal_data_export(*, user: Any) -> dict[str, Any]:
    """Everything stored about one person, as JSON-ready data: the account, then each app's part under its key."""
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
        "account": _account_export(user),
        "changes_made": [
            {
                "date": iso(entry.created_at),
                "action": entry.action,
                "object": entry.object_repr,
                "changes": entry.changes,
                "message": entry.message,
            }
            for entry in AuditLogEntry.objects.filter(actor=user)
        ],
    }
    for source in _sources.values():
        data[source.key] = source.export(user)
    data["other"] = _other_related_data(user)
    return data


def personal_data_json(*, user: Any) -> str:
    return json.dumps(personal_data_export(user=user), ensure_ascii=False, indent=2, default=str)


# Deletion --------------------------------------------------------------------------------------------------------


def deletion_blockers(*, user: Any) -> list[str]:
    """Why the account cannot be deleted now (empty when it can), one French sentence per app."""
    reasons = []
    for source in _sources.values():
        if source.blocks_deletion and (reason := source.blocks_deletion(user)):
            reasons.append(reason)
    return reasons


def _forget_sent_mail(email: str) -> None:
    """Finished mail tasks keep their arguments (address, body) in the task table: drop those sent to this address."""
    stale = [
        result.pk
        for result in DBTaskResult.objects.finished().only("pk", "args_kwargs").iterator()
        if email in json.dumps(result.args_kwargs, ensure_ascii=False)
    ]
    DBTaskResult.objects.filter(pk__in=stale).delete()


@transaction.atomic
def account_delete(*, user: Any, today: date | None = None) -> None:
    """Delete the account and everything about the person. Each app first anonymises what must stay for the record.
    Raises AccountDeletionRefused when an app refuses, or when rows that must stay still point at the person."""
    day = today or timezone.localdate()
    locked = get_user_model().objects.select_for_update().get(pk=user.pk)
    if reasons := deletion_blockers(user=locked):
        raise AccountDeletionRefused(" ".join(reasons))
    for source in _sources.values():
        if source.anonymise:
            source.anonymise(user=locked, today=day)
    email = locked.email
    try:
        with transaction.atomic():
            locked.delete()
    except ProtectedError as error:
        raise AccountDeletionRefused(
            _(
                "Votre compte est lié à des données que nous devons conserver (%(what)s). "
                "Écrivez-nous pour le supprimer."
            )
            % {"what": ", ".join(sorted({str(obj._meta.verbose_name) for obj in error.protected_objects}))}
        ) from error
    _forget_sent_mail(email)
    notify(to=[email], subject=_("Votre compte est supprimé"), template="accounts/emails/account_deleted.txt")
