"""Versions of what the cached anonymous pages show, one per namespace ("places", "community", "aids"...), kept in
the shared cache (Redis in production, the database cache for `make run`) so that every process sees a bump at once.

Each app declares at start-up (its AppConfig.ready, registry style like places/hooks.py) which of its models feed
which namespace: `watch("places", Place, PlacePhoto, ...)`. Any save or delete of those rows, and any change of their
many-to-many relations, bumps the namespace, right away and again when the transaction commits (a page rendered by
another process between the two, from the data not yet committed, is then never served under the new version).
Changes that skip Django's signals (QuerySet.update, bulk_create, raw SQL) call `bump()` themselves; the cached pages
also expire on their own (PAGE_CACHE_SECONDS) so that nothing stays wrong for long.

A version is a random token, not a counter: if the cache forgets a version (eviction, restart), the new one cannot
coincide with an old one whose pages are still stored."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

_PREFIX = "cache-version:"
_namespaces_by_model: dict[type[models.Model], set[str]] = {}


def _key(namespace: str) -> str:
    return f"{_PREFIX}{namespace}"


def bump(*namespaces: str) -> None:
    """A new version for each namespace: the pages cached under the old one are no longer served. Nothing to do
    while the page cache is off (PAGE_CACHE_SECONDS = 0, as in the tests): no page is stored under any version."""
    if namespaces and settings.PAGE_CACHE_SECONDS > 0:
        cache.set_many({_key(namespace): uuid.uuid4().hex for namespace in namespaces}, timeout=None)


def get_many(namespaces: Iterable[str]) -> dict[str, str]:
    """The current version of each namespace, in one round trip (a missing one is created)."""
    names = sorted(set(namespaces))
    found = cache.get_many([_key(name) for name in names])
    versions = {}
    for name in names:
        version = found.get(_key(name))
        if version is None:
            cache.add(_key(name), uuid.uuid4().hex, timeout=None)  # another process may have added one first
            version = cache.get(_key(name)) or ""
        versions[name] = str(version)
    return versions


def get(namespace: str) -> str:
    return get_many([namespace])[namespace]


def namespaces_of(model: type[models.Model]) -> set[str]:
    return set(_namespaces_by_model.get(model, set()))


def _changed(sender: type[models.Model], **kwargs: Any) -> None:
    namespaces = _namespaces_by_model.get(sender)
    if not namespaces:
        return
    action = kwargs.get("action")
    if action is not None and not str(action).startswith("post_"):
        return  # m2m_changed: only once the relation has changed
    bump(*namespaces)
    connection = transaction.get_connection(kwargs.get("using") or "default")
    if connection.in_atomic_block:
        transaction.on_commit(lambda: bump(*namespaces), using=kwargs.get("using") or "default")


def watch(namespace: str, *watched: type[models.Model]) -> None:
    """Every save or delete of these models (and of their many-to-many relations) bumps `namespace`."""
    for model in watched:
        _namespaces_by_model.setdefault(model, set()).add(namespace)
        post_save.connect(_changed, sender=model, dispatch_uid=f"cache-version-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cache-version-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through  # type: ignore[attr-defined]
            if through is None:
                continue
            _namespaces_by_model.setdefault(through, set()).add(namespace)
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"cache-version-m2m-{through._meta.label}")
