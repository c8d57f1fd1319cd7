"""People and places for the presence tests: members living at Mende, whose employer's site is at Marvejols."""

from typing import Any

from solozere.bookings.services_presence import commute_profile_save
from tests.community.factories import MembershipFactory
from tests.places.factories import MENDE, commune

MARVEJOLS = "48092"
LANGOGNE = "48080"


def member_at(insee_code: str = MENDE, *, employer: str | None = MARVEJOLS, share: bool = False, **fields: Any) -> Any:
    """An active member living at `insee_code`, with their employer's site at `employer` (None: not given)."""
    user = MembershipFactory(approved=True, listed=True, commune=commune(insee_code), **fields).user
    if employer is not None or share:
        commute_profile_save(user=user, employer_commune=commune(employer) if employer else None, share_presence=share)
    return user
