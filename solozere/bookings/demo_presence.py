"""Demo presence: fictional check-ins of the demo members at the demo places (the places say « (démo) », the
accounts are `is_demo`), for today and the nine open days before it. Never counted in the public totals
(selectors_presence.counted_check_ins), removed with the demo places and accounts by `delete_demo`."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from solozere.accounts.models import User
from solozere.bookings.commute import straight_line_km
from solozere.bookings.models_presence import CommuteProfile
from solozere.bookings.selectors_presence import IN_SERVICE, commune_point, home_commune_of, place_point
from solozere.bookings.services_presence import check_in_record, commute_profile_save
from solozere.community.models import Membership
from solozere.places.models import Place
from solozere.territory.models import Commune

# Where the demo members' employers are: towns of Lozère people drive to for work.
DEMO_EMPLOYER_INSEE = ("48095", "48092", "48140", "48080", "48061")  # Mende, Marvejols, Saint-Chély, Langogne, Florac
DEMO_DAYS = 10


@dataclass(frozen=True)
class DemoPresenceReport:
    members: int
    check_ins: int


def _open_days(today: date, count: int) -> list[date]:
    days = [today]
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


@transaction.atomic
def demo_presence_load(*, today: date) -> DemoPresenceReport:
    """Idempotent: a day already checked in is kept as it is."""
    places = list(Place.objects.filter(is_demo=True, status__in=IN_SERVICE).select_related("commune__parent"))
    members = list(
        User.objects.filter(is_demo=True, pk__in=Membership.objects.active(today).values("user_id")).order_by("email")
    )
    employers = {
        c.insee_code: c for c in Commune.objects.filter(kind=Commune.Kind.CURRENT, insee_code__in=DEMO_EMPLOYER_INSEE)
    }
    created = 0
    for index, user in enumerate(members):
        home = home_commune_of(user)
        home_point = commune_point(home)
        if not places or home_point is None:
            continue
        if not CommuteProfile.objects.filter(user=user).exists():
            choices = [
                employers[code]
                for code in DEMO_EMPLOYER_INSEE
                if code in employers and employers[code] != (home and home.current)
            ]
            if choices:
                commute_profile_save(
                    user=user, employer_commune=choices[index % len(choices)], share_presence=index % 2 == 0
                )
        nearest = sorted(places, key=lambda p: (straight_line_km(home_point, place_point(p) or home_point), p.slug))
        for offset, day in enumerate(_open_days(today, DEMO_DAYS)):
            if (offset + index) % 4 == 3:
                continue  # a day at home, now and then
            place = nearest[1] if (offset + index) % 3 == 2 and len(nearest) > 1 else nearest[0]
            _check_in, new = check_in_record(user=user, place=place, visible_to_members=index % 2 == 0, today=day)
            created += new
    return DemoPresenceReport(members=len(members), check_ins=created)
