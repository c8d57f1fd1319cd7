"""Applying a workflow's transition: the one place where a state changes and its log row is written.

The caller locks the object (select_for_update) in its transaction and does the side effects (e-mails, periods,
the place's status history) around this call; a transition is not also written to the audit log, which records
field edits.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from solozere.core.models import TransitionLog
from solozere.core.workflow import Transition, Workflow


def apply_transition(
    *,
    workflow: Workflow,
    obj: models.Model,
    action: str,
    role: str,
    actor: Any,
    reason: str = "",
    log_model: type[TransitionLog],
    state_field: str = "status",
    save_fields: Iterable[str] = (),
    **log_fields: Any,
) -> Transition:
    """Check `action` by `role` on `obj`, set its state, save it and write exactly one `log_model` row.

    Raises TransitionNotAllowed (nothing written). A new object (not yet saved, state "") is saved whole; an
    existing one saves its state, `save_fields` (what the caller changed with it) and its auto_now fields.
    `log_fields` are the log row's own columns, such as the foreign key to `obj`."""
    source = str(getattr(obj, state_field))
    transition = workflow.check(state=source, action=action, role=role, reason=reason)
    setattr(obj, state_field, transition.target)
    if obj._state.adding:
        obj.save()
    else:
        auto_now = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=list(dict.fromkeys([state_field, *save_fields, *auto_now])))
    log_model._default_manager.create(
        action=str(transition.action),
        from_state=source,
        to_state=str(transition.target),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason.strip(),
        **log_fields,
    )
    return transition
