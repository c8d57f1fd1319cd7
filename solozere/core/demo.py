"""Demo content: fictional, labelled, refused under production settings, removed by one command (delete_demo)."""

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
