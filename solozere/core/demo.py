"""Demo content: fictional, labelled, refused under production settings, removed by one command (delete_demo)."""

from collections.abc import Callable

from django.conf import settings
from django.core.management.base import CommandError

# Every demo account shares this password (README, `manage.py demo_accounts`). Demo only: never a real account's.
DEMO_PASSWORD = "Demo-Lozere-2026"  # noqa: S105 - documented, fictional accounts only
DEMO_EMAIL_DOMAIN = "demo.solozere.invalid"  # .invalid: no e-mail can ever reach anyone (RFC 2606)


def ensure_demo_allowed() -> None:
    """Refuse to load demo content where settings say it has no place (production)."""
    if not settings.DEMO_CONTENT_ALLOWED:
        raise CommandError(
            "Le contenu de démonstration est refusé avec ces réglages (production) : "
            "il est fictif et ne doit jamais côtoyer les données réelles."
        )


# Demo content that does not go with the demo places and accounts (a cascade) registers how it goes, at start-up
# (registry style, like accounts/roles.py): delete_demo, in places, runs them without importing the apps above it.
DemoRemoval = Callable[[], int]  # removes its demo rows, returns how many
_removals: dict[str, tuple[str, DemoRemoval]] = {}


def register_demo_removal(key: str, *, label: str, remove: DemoRemoval) -> None:
    """`label` names what `remove` deletes, for delete_demo's report: "ressource(s) de démonstration"."""
    _removals[key] = (label, remove)


def unregister_demo_removal(key: str) -> None:
    """For tests that register a stand-in."""
    _removals.pop(key, None)


def run_demo_removals() -> list[tuple[str, int]]:
    """Every registered removal, in registration order, inside the caller's transaction: (label, count) each."""
    return [(label, remove()) for label, remove in _removals.values()]
