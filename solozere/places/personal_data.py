"""What the places and the charter hold of a person, for the personal-data registry of accounts (registered in
PlacesConfig.ready): the places they manage, the charter adhesions they submitted, the corrections they proposed."""

from datetime import date
from typing import Any

from solozere.places.models import Place
from solozere.places.models_charter import PlaceCorrection, PlaceMembership

RELATIONS = frozenset(
    {
        ("places.place", "managers"),
        ("places.placemembership", "applicant"),
        ("places.placecorrection", "submitted_by"),
    }
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def places_personal_data(user: Any) -> dict[str, Any]:
    return {
        "managed_places": [str(place) for place in Place.objects.filter(managers=user).order_by("name")],
        "adhesions_submitted": [
            {
                "place": str(membership.place),
                "charter_version": str(membership.charter_version),
                "kind": membership.kind,
                "status": membership.get_status_display(),
                "submitted_at": _iso(membership.submitted_at),
                "decided_at": _iso(membership.decided_at),
            }
            for membership in PlaceMembership.objects.filter(applicant=user).select_related("place", "charter_version")
        ],
        "corrections_proposed": [
            {
                "place": str(correction.place),
                "field": correction.get_field_display(),
                "proposed_value": correction.proposed_value,
                "reason": correction.reason,
                "email": correction.email,
                "status": correction.get_status_display(),
                "date": _iso(correction.created_at),
            }
            for correction in PlaceCorrection.objects.filter(submitted_by=user).select_related("place")
        ],
    }


def places_personal_data_anonymise(*, user: Any, today: date) -> None:
    """Adhesions and corrections stay (the place's history), without the person: the foreign keys are set to null
    by the deletion; the address typed on a correction goes now."""
    PlaceCorrection.objects.filter(submitted_by=user).update(email="")
    PlaceCorrection.objects.filter(email__iexact=user.email).update(email="")
