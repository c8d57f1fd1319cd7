"""Stored files follow their row: one mechanism for every FileField and ImageField of every app.

- A row deleted (by a service, the admin, a cascade from an account or a place): its files are deleted once the
  transaction commits, so that a rollback keeps both the row and its file.
- A file replaced on a row: the previous one goes the same way.
- Before deleting, we check that no row of the model still names the file (a copied row keeps its file).

The models are found through the app registry when the project starts (`connect_file_cleanup`, from
`CoreConfig.ready`): no app has to register, and a new FileField is covered the day it is added. What escapes
this (a QuerySet.update of a file field, an upload whose transaction rolled back, a crash between the two) is found
by `manage.py remove_orphan_files`, which uses `referenced_paths` below.

File clean-up is storage hygiene, not a business rule: that is why it may live in signals.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_init, post_save

_REMEMBERED = "_stored_file_names"


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def models_with_files() -> Iterator[tuple[type[models.Model], list[models.FileField]]]:
    for model in apps.get_models():
        fields = file_fields(model)
        if fields and not model._meta.proxy:
            yield model, fields


def _name(value: Any) -> str:
    """The stored name: a File not yet saved (an upload handed to a new row) has none yet, whatever it is called."""
    if isinstance(value, FieldFile):
        return (value.name or "") if getattr(value, "_committed", True) else ""
    if isinstance(value, str):
        return value
    return ""


def _delete_when_committed(model: type[models.Model], field: models.FileField, name: str) -> None:
    def delete() -> None:
        if not model._default_manager.filter(**{field.attname: name}).exists():
            field.storage.delete(name)

    transaction.on_commit(delete, using=None)


def _remember(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # Deferred fields are not in __dict__: unknown, so never taken for a replacement.
    names = {
        field.attname: _name(instance.__dict__[field.attname])
        for field in file_fields(sender)
        if field.attname in instance.__dict__
    }
    setattr(instance, _REMEMBERED, names)


def _after_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    remembered: dict[str, str | None] = getattr(instance, _REMEMBERED, {})
    for field in file_fields(sender):
        if field.attname not in instance.__dict__:
            continue
        current = _name(instance.__dict__[field.attname])
        previous = remembered.get(field.attname)
        if previous and previous != current and not raw:
            _delete_when_committed(sender, field, previous)
        remembered[field.attname] = current
    setattr(instance, _REMEMBERED, remembered)


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    remembered: dict[str, str | None] = getattr(instance, _REMEMBERED, {})
    for field in file_fields(sender):
        name = _name(instance.__dict__[field.attname]) if field.attname in instance.__dict__ else None
        name = name or remembered.get(field.attname)
        if name:
            _delete_when_committed(sender, field, name)


def connect_file_cleanup() -> None:
    for model, _fields in models_with_files():
        uid = f"core.files.{model._meta.label}"
        post_init.connect(_remember, sender=model, dispatch_uid=uid, weak=False)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid, weak=False)


def referenced_paths() -> set[Path]:
    """The absolute path of every file a row names, in every storage on disk."""
    paths: set[Path] = set()
    for model, fields in models_with_files():
        for field in fields:
            names = model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            for name in names.iterator():
                if name:
                    try:
                        paths.add(Path(field.storage.path(name)).resolve())
                    except NotImplementedError:  # a remote storage: nothing of it on this disk
                        break
    return paths
