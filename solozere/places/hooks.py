"""What the apps above places attach to a place, registered at start-up (as accounts/roles.py does for roles), so
that places never imports them: checks run after every change of a place, and panels shown on its pages.

A check receives (actor, place) inside the transaction of the change and may return a French notice for the
person who made it ("le label est suspendu"). A panel receives (request, place) and returns HTML, or "".
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

PlaceCheck = Callable[[Any, Any], str | None]
PlacePanel = Callable[[HttpRequest | None, Any], str]

# Where a panel may appear: the public place page, its managers' dashboard, and their edit form; "head" is the
# <head> of the public place page (a <link rel="alternate">, say).
PANEL_SLOTS = ("detail", "manager_dashboard", "manager_edit", "head")

_checks: list[PlaceCheck] = []
_panels: dict[str, list[PlacePanel]] = {slot: [] for slot in PANEL_SLOTS}


def register_place_check(check: PlaceCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def register_place_panel(slot: str, panel: PlacePanel) -> None:
    if slot not in _panels:
        raise ValueError(f"Unknown place panel slot {slot!r}: one of {PANEL_SLOTS}")
    if panel not in _panels[slot]:
        _panels[slot].append(panel)


def run_place_checks(*, actor: Any, place: Any) -> list[str]:
    """Every registered check, in registration order; the notices they return."""
    return [notice for check in _checks if (notice := check(actor, place))]


def render_place_panels(slot: str, request: HttpRequest | None, place: Any) -> SafeString:
    # Each panel renders a template of its own app, escaped there: the joined result is safe.
    return mark_safe("".join(panel(request, place) for panel in _panels[slot]))  # noqa: S308
