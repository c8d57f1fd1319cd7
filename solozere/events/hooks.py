"""What the apps above events do when a contribution is published or withdrawn, registered at start-up (as
places/hooks.py does for place checks), so that events never imports them: the resource centre registers a listener
that makes a published contribution one of its resources, with the event as its source, and takes it back when the
contribution is withdrawn.

A listener is called with the Contribution (its event selected) once the transaction that published or withdrew it
has committed: a rollback tells nobody. A listener that fails is logged and does not undo the publication (robust
on_commit callbacks), and the others still run."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

ContributionListener = Callable[[Any], object]


@dataclass(frozen=True)
class _Listener:
    on_published: ContributionListener | None
    on_withdrawn: ContributionListener | None


_listeners: list[_Listener] = []


def register_contribution_listener(
    *, on_published: ContributionListener | None = None, on_withdrawn: ContributionListener | None = None
) -> None:
    """`on_published(contribution)` after a contribution is published (from a proposal or directly by the
    organiser); `on_withdrawn(contribution)` after it is withdrawn. Registering the same pair twice is a no-op."""
    listener = _Listener(on_published=on_published, on_withdrawn=on_withdrawn)
    if listener not in _listeners:
        _listeners.append(listener)


def unregister_contribution_listener(
    *, on_published: ContributionListener | None = None, on_withdrawn: ContributionListener | None = None
) -> None:
    """For tests that register a stand-in."""
    listener = _Listener(on_published=on_published, on_withdrawn=on_withdrawn)
    if listener in _listeners:
        _listeners.remove(listener)


def _call_on_commit(callback: ContributionListener, contribution: Any) -> None:
    transaction.on_commit(lambda: callback(contribution), robust=True)


def contribution_published(contribution: Any) -> None:
    """Called by the publishing services inside their transaction."""
    for listener in _listeners:
        if listener.on_published is not None:
            _call_on_commit(listener.on_published, contribution)


def contribution_withdrawn(contribution: Any) -> None:
    """Called by the withdrawing service inside its transaction."""
    for listener in _listeners:
        if listener.on_withdrawn is not None:
            _call_on_commit(listener.on_withdrawn, contribution)
