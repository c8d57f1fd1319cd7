"""What places hold of a person, for the personal-data registry of accounts (registered in PlacesConfig.ready): the
places they manage, the corrections they proposed."""

from datetime import date
from typing import Any

from solozere.accounts.personal_data import iso
from solozere.places.models import Place, PlaceCorrection

RELATIONS = frozenset(
    {
        ("places.place", "managers"),
        ("places.placecorrection", "submitted_by"),
    }
)


def places_personal_data(user: Any) -> dict[str, Any]:
    return {
        "managed_places": [str(place) for place in Place.objects.filter(managers=user).order_by("name")],
        "corrections_proposed": [
            {
                "place": str(correction.place),
                "field": correction.get_field_display(),
                "proposed_value": correction.proposed_value,
                "reason": correction.reason,
                "email": correction.email,
                "status": correction.get_status_display(),
                "date": iso(correction.created_at),
            }
            for correction in PlaceCorrection.objects.filter(submitted_by=user).select_related("place")
        ],
    }


def places_personal_data_anonymise(*, user: Any, today: date) -> None:
    """Corrections stay (the place's history), without the person: the foreign keys are set to null
    by the deletion; the address typed on a correction goes now."""
    PlaceCorrection.objects.filter(submitted_by=user).update(email="")
    PlaceCorrection.objects.filter(email__iexact=user.email).update(email="")
