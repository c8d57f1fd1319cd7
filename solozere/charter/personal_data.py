"""What the charter holds of a person, for the personal-data registry of accounts (registered in
CharterConfig.ready): the adhesions they submitted for a place. They stay, without the person, when the account
goes: the foreign keys are set to null by the deletion."""

from typing import Any

from solozere.accounts.personal_data import iso
from solozere.charter.models import PlaceMembership

RELATIONS = frozenset({("charter.placemembership", "applicant")})


def charter_personal_data(user: Any) -> dict[str, Any]:
    return {
        "adhesions_submitted": [
            {
                "place": str(membership.place),
                "charter_version": str(membership.charter_version),
                "kind": membership.kind,
                "status": membership.get_status_display(),
                "submitted_at": iso(membership.submitted_at),
                "decided_at": iso(membership.decided_at),
            }
            for membership in PlaceMembership.objects.filter(applicant=user).select_related("place", "charter_version")
        ],
    }
