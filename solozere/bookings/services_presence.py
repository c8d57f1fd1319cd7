"""Use cases of presence (« j'y suis ») and of the avoided commute."""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solozere.bookings.commute import AvoidedCommute, avoided_commute
from solozere.bookings.models import Booking, BookingSlot
from solozere.bookings.models_presence import CheckIn, CommuteProfile
from solozere.bookings.selectors_presence import (
    COUNTED_ELSEWHERE,
    commune_point,
    home_commune_of,
    is_in_service,
    place_point,
)
from solozere.bookings.workflow import BookingStatus
from solozere.community.selectors import is_active_member
from solozere.places.models import Place
from solozere.territory.models import Commune


class PresenceError(Exception):
    """A refusal, in French, for the person."""


def avoided_commute_for(*, user: Any, place: Place) -> AvoidedCommute | None:
    """The round trip one day at `place` saves `user`, or None when their home or their employer's site is not
    known (or the place has no position). Bookings call it too."""
    profile = CommuteProfile.objects.select_related("employer_commune__parent").filter(user=user).first()
    if profile is None or profile.employer_commune is None:
        return None
    return avoided_commute(
        home=commune_point(home_commune_of(user)),
        employer=commune_point(profile.employer_commune),
        place=place_point(place),
    )


def _lock_member(user: Any) -> None:
    # One member's check-ins are decided one at a time: the day's commute is counted once.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def counted_days(*, user: Any, days: set[date], check_in: CheckIn | None = None, booking: Any = None) -> set[date]:
    """Which of `days` another record of `user` already carries: a check-in, or a confirmed (or done) booking that
    counted it, other than `check_in` or `booking` themselves. One day of presence, and one commute, per member and
    day: the first record carries it, the others are marked COUNTED_ELSEWHERE."""
    by_check_in = (
        CheckIn.objects.filter(user=user, day__in=days)
        .exclude(commute_method=COUNTED_ELSEWHERE)
        .exclude(pk=getattr(check_in, "pk", None) or 0)
        .values_list("day", flat=True)
    )
    by_booking = (
        BookingSlot.objects.filter(
            booking__person=user,
            day__in=days,
            booking__status__in=[BookingStatus.CONFIRMED, BookingStatus.DONE],
            booking__commute_days__gt=0,
        )
        .exclude(booking__commute_method=COUNTED_ELSEWHERE)
        .exclude(booking_id=getattr(booking, "pk", None) or 0)
        .values_list("day", flat=True)
    )
    return set(by_check_in) | set(by_booking)


def booking_commute_fill(booking: Any) -> None:
    """Record the days of presence and the commute a booking saves its person (called under the booking's lock):
    each of its days that no other record of theirs carries, by the same computation as a check-in; nothing once it
    is no longer confirmed or done (refused, cancelled, no-show)."""
    user = booking.person
    booking.commute_days, booking.avoided_km, booking.avoided_co2_kg, booking.commute_method = 0, None, None, ""
    if user is not None and booking.status in (BookingStatus.CONFIRMED, BookingStatus.DONE):
        _lock_member(user)
        days = set(booking.slots.values_list("day", flat=True))
        new_days = len(days - counted_days(user=user, days=days, booking=booking))
        if new_days:
            booking.commute_days = new_days
            commute = avoided_commute_for(user=user, place=booking.resource.place)
            if commute is not None:
                booking.avoided_km = commute.km * new_days
                booking.avoided_co2_kg = commute.co2_kg * new_days
                booking.commute_method = commute.method
        elif days:
            booking.commute_method = COUNTED_ELSEWHERE
    booking.save(update_fields=["commute_days", "avoided_km", "avoided_co2_kg", "commute_method"])


def recount_days(*, user: Any, days: set[date]) -> None:
    """After a record of `user` stopped carrying some days (a booking cancelled, refused or missed, a check-in
    withdrawn), the others of those days take them over: their bookings first, then their check-ins."""
    if user is None or not days:
        return
    _lock_member(user)
    bookings = (
        Booking.objects.filter(
            person=user, slots__day__in=days, status__in=[BookingStatus.CONFIRMED, BookingStatus.DONE]
        )
        .select_related("resource__place", "person")
        .distinct()
        .order_by("created_at", "pk")
    )
    for other in bookings:
        booking_commute_fill(other)
    for check_in in (
        CheckIn.objects.filter(user=user, day__in=days, commute_method=COUNTED_ELSEWHERE)
        .select_related("place")
        .order_by("created_at", "pk")
    ):
        _fill_commute(check_in, user=user)
        if check_in.commute_method != COUNTED_ELSEWHERE:
            check_in.save(update_fields=["avoided_km", "avoided_co2_kg", "commute_method"])


def _fill_commute(check_in: CheckIn, *, user: Any) -> None:
    counted = bool(counted_days(user=user, days={check_in.day}, check_in=check_in))
    if counted:
        # A member who works in two places the same day saved one commute, not two.
        check_in.avoided_km, check_in.avoided_co2_kg, check_in.commute_method = None, None, COUNTED_ELSEWHERE
        return
    commute = avoided_commute_for(user=user, place=check_in.place)
    if commute is None:
        check_in.avoided_km = check_in.avoided_co2_kg = None
        check_in.commute_method = ""
    else:
        check_in.avoided_km, check_in.avoided_co2_kg, check_in.commute_method = (
            commute.km,
            commute.co2_kg,
            commute.method,
        )


@transaction.atomic
def check_in_record(
    *, user: Any, place: Place, visible_to_members: bool, today: date | None = None
) -> tuple[CheckIn, bool]:
    """« J'y suis » for today. Checking in again the same day only changes who sees it. Returns (check-in,
    created)."""
    if not is_active_member(user):
        raise PresenceError(_("Signaler sa présence est réservé aux membres du réseau dont l'adhésion est valide."))
    if not is_in_service(place):
        raise PresenceError(_("Ce lieu n'accueille personne en ce moment : on ne peut pas y signaler sa présence."))
    day = today or timezone.localdate()
    _lock_member(user)
    existing = CheckIn.objects.filter(user=user, place=place, day=day).first()
    if existing is not None:
        if existing.visible_to_members != visible_to_members:
            existing.visible_to_members = visible_to_members
            existing.save(update_fields=["visible_to_members"])
        return existing, False
    check_in = CheckIn(user=user, place=place, day=day, visible_to_members=visible_to_members)
    _fill_commute(check_in, user=user)
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # The same member from two tabs at once: the database kept the first (checkin_one_per_member_place_day).
        return CheckIn.objects.get(user=user, place=place, day=day), False
    return check_in, True


@transaction.atomic
def check_in_undo(*, user: Any, place: Place, today: date | None = None) -> bool:
    """Withdraw today's check-in at `place`. If it carried the day's commute, another check-in of the same day
    takes it over. Returns whether there was one."""
    day = today or timezone.localdate()
    _lock_member(user)
    deleted, _rows = CheckIn.objects.filter(user=user, place=place, day=day).delete()
    if not deleted:
        return False
    recount_days(user=user, days={day})
    return True


@transaction.atomic
def commute_profile_save(*, user: Any, employer_commune: Commune | None, share_presence: bool) -> CommuteProfile:
    """What the member tells of their commute. It counts from their next check-in: the past ones keep theirs."""
    profile, _created = CommuteProfile.objects.select_for_update().get_or_create(user=user)
    profile.employer_commune = employer_commune
    profile.share_presence = share_presence
    profile.save()
    return profile
