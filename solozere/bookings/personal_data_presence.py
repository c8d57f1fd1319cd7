"""What presence holds of a person, for the personal-data registry of accounts (registered in BookingsConfig.ready):
their check-ins and where their employer's site is. When the account goes, the check-ins stay without the person
(the network's totals keep the day and the commute it saved); the commute profile goes with the account."""

from datetime import date
from typing import Any

from solozere.accounts.personal_data import iso
from solozere.bookings.models_presence import CheckIn, CommuteProfile

RELATIONS = frozenset({("bookings.checkin", "user"), ("bookings.commuteprofile", "user")})


def presence_personal_data(user: Any) -> dict[str, Any]:
    profile = CommuteProfile.objects.select_related("employer_commune").filter(user=user).first()
    return {
        "commute_profile": {
            "employer_commune": str(profile.employer_commune) if profile.employer_commune else None,
            "share_presence_by_default": profile.share_presence,
        }
        if profile
        else None,
        "check_ins": [
            {
                "place": str(check_in.place),
                "day": iso(check_in.day),
                "visible_to_members": check_in.visible_to_members,
                "avoided_km": str(check_in.avoided_km) if check_in.avoided_km is not None else None,
                "avoided_co2_kg": str(check_in.avoided_co2_kg) if check_in.avoided_co2_kg is not None else None,
                "method": check_in.commute_method,
                "created_at": iso(check_in.created_at),
            }
            for check_in in CheckIn.objects.filter(user=user).select_related("place").order_by("day", "pk")
        ],
    }


def presence_personal_data_anonymise(*, user: Any, today: date) -> None:
    CheckIn.objects.filter(user=user).update(user=None, visible_to_members=False)
    CommuteProfile.objects.filter(user=user).delete()
