"""Presence (« j'y suis ») and the avoided commute: the use cases, the database's rule, personal data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from solozere.accounts import personal_data
from solozere.bookings.commute import METHOD, Point, avoided_commute
from solozere.bookings.models import CheckIn, CommuteProfile
from solozere.bookings.personal_data_presence import presence_personal_data, presence_personal_data_anonymise
from solozere.bookings.selectors_presence import member_totals, network_impact, today_presence
from solozere.bookings.services_presence import (
    COUNTED_ELSEWHERE,
    PresenceError,
    avoided_commute_for,
    check_in_record,
    check_in_undo,
)
from tests.accounts.factories import UserFactory
from tests.bookings.factories_presence import LANGOGNE, MARVEJOLS, member_at
from tests.community.factories import MembershipFactory
from tests.places.factories import MENDE, PlaceFactory, commune

pytestmark = pytest.mark.usefixtures("territory")


def _point(insee: str) -> Point:
    row = commune(insee)
    return Point(row.latitude, row.longitude)


@pytest.fixture
def place(territory):  # type: ignore[no-untyped-def]
    """A Comptoir at Mende, at the town hall's point (no position of its own)."""
    return PlaceFactory(comptoir=True, name="Comptoir de Mende")


def test_a_check_in_records_the_avoided_round_trip_and_its_co2(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at(MENDE, employer=MARVEJOLS)
    check_in, created = check_in_record(user=user, place=place, visible_to_members=False)
    assert created
    expected = avoided_commute(home=_point(MENDE), employer=_point(MARVEJOLS), place=_point(MENDE))
    assert expected is not None and expected.km > 40
    check_in.refresh_from_db()
    assert (check_in.avoided_km, check_in.avoided_co2_kg, check_in.commute_method) == (
        expected.km,
        expected.co2_kg,
        METHOD,
    )
    assert check_in.day == timezone.localdate()


def test_a_place_farther_than_the_employer_saves_nothing() -> None:
    langogne = PlaceFactory(comptoir=True, commune=commune(LANGOGNE))
    user = member_at(MENDE, employer=MARVEJOLS)
    check_in, _created = check_in_record(user=user, place=langogne, visible_to_members=False)
    assert check_in.avoided_km == Decimal("0.0") and check_in.avoided_co2_kg == Decimal("0.00")


def test_without_an_employer_site_or_a_home_in_lozere_nothing_is_counted(place) -> None:  # type: ignore[no-untyped-def]
    no_employer = member_at(MENDE, employer=None)
    outside = MembershipFactory(approved=True).user  # lives outside Lozère
    for user in (no_employer, outside):
        check_in, _created = check_in_record(user=user, place=place, visible_to_members=False)
        assert check_in.avoided_km is None and check_in.avoided_co2_kg is None and check_in.commute_method == ""
    assert avoided_commute_for(user=outside, place=place) is None


def test_avoided_commute_for_is_what_bookings_will_record(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at(MENDE, employer=MARVEJOLS)
    assert avoided_commute_for(user=user, place=place) == avoided_commute(
        home=_point(MENDE), employer=_point(MARVEJOLS), place=_point(MENDE)
    )


def test_the_place_own_position_wins_over_its_town_hall() -> None:
    # A place at Marvejols' town hall point but filed at Mende: the employer's site is the place, nothing saved.
    here = PlaceFactory(comptoir=True, latitude=44.5504, longitude=3.28952)
    user = member_at(MENDE, employer=MARVEJOLS)
    assert avoided_commute_for(user=user, place=here).km == 0  # type: ignore[union-attr]


def test_checking_in_again_the_same_day_only_changes_who_sees_it(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    first, created = check_in_record(user=user, place=place, visible_to_members=False)
    again, created_again = check_in_record(user=user, place=place, visible_to_members=True)
    assert created and not created_again and again.pk == first.pk
    assert CheckIn.objects.get().visible_to_members is True


def test_the_database_refuses_a_second_check_in_for_the_same_place_and_day(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    day = timezone.localdate()
    CheckIn.objects.create(user=user, place=place, day=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(user=user, place=place, day=day)
    CheckIn.objects.create(user=user, place=place, day=day - dt.timedelta(days=1))  # another day is fine


def test_the_database_refuses_a_negative_saving(place) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(user=member_at(), place=place, day=timezone.localdate(), avoided_km=Decimal("-1"))


def test_two_places_the_same_day_count_one_commute_and_the_other_takes_it_over(place) -> None:  # type: ignore[no-untyped-def]
    other = PlaceFactory(comptoir=True, name="Comptoir bis")
    user = member_at()
    first, _ = check_in_record(user=user, place=place, visible_to_members=False)
    second, _ = check_in_record(user=user, place=other, visible_to_members=False)
    assert first.avoided_km and second.avoided_km is None and second.commute_method == COUNTED_ELSEWHERE
    assert member_totals(user).km == first.avoided_km
    assert check_in_undo(user=user, place=place)
    second.refresh_from_db()
    assert second.avoided_km == first.avoided_km and second.commute_method == METHOD


def test_undo_removes_today_only(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    yesterday = CheckIn.objects.create(user=user, place=place, day=timezone.localdate() - dt.timedelta(days=1))
    assert check_in_undo(user=user, place=place) is False
    check_in_record(user=user, place=place, visible_to_members=True)
    assert check_in_undo(user=user, place=place) is True
    assert list(CheckIn.objects.all()) == [yesterday]


def test_only_active_members_check_in(place) -> None:  # type: ignore[no-untyped-def]
    lapsed = MembershipFactory(lapsed=True).user
    pending = MembershipFactory().user
    staff = UserFactory(staff=True)
    for user in (lapsed, pending, staff, UserFactory()):
        with pytest.raises(PresenceError, match="réservé aux membres"):
            check_in_record(user=user, place=place, visible_to_members=False)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("status", ["project", "planned", "closed"])
def test_a_place_not_in_service_takes_no_check_in(status: str) -> None:
    place = PlaceFactory(status=status)
    with pytest.raises(PresenceError, match="n'accueille personne"):
        check_in_record(user=member_at(), place=place, visible_to_members=False)


def test_today_is_the_day_in_paris(place, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # 23:30 UTC on 31 March 2027 is already 1 April in Paris (summer time, UTC+2).
    moment = dt.datetime(2027, 3, 31, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    check_in, _ = check_in_record(user=member_at(), place=place, visible_to_members=False)
    assert check_in.day == dt.date(2027, 4, 1)


def test_members_see_the_count_and_only_the_names_of_those_who_chose(place) -> None:  # type: ignore[no-untyped-def]
    shown = member_at(first_name="Aline", last_name="Sabatier")
    hidden = member_at(first_name="Bruno", last_name="Caussignac")
    viewer = member_at()
    check_in_record(user=shown, place=place, visible_to_members=True)
    check_in_record(user=hidden, place=place, visible_to_members=False)
    presence = today_presence(viewer=viewer, place=place)
    assert presence is not None and presence.count == 2 and presence.names == ["Aline Sabatier"]
    check_in_record(user=viewer, place=place, visible_to_members=True)
    presence = today_presence(viewer=viewer, place=place)
    assert presence.count == 3 and presence.own is not None and presence.names == ["Aline Sabatier"]  # type: ignore[union-attr]


def test_a_member_who_hides_their_name_in_the_directory_shows_as_a_pseudonym(place) -> None:  # type: ignore[no-untyped-def]
    secret = member_at(first_name="Chloé", last_name="Privat", name_visibility="staff")
    check_in_record(user=secret, place=place, visible_to_members=True)
    presence = today_presence(viewer=member_at(), place=place)
    assert presence is not None and presence.names == [secret.membership.pseudonym]


def test_nobody_but_an_active_member_gets_a_count(place) -> None:  # type: ignore[no-untyped-def]
    check_in_record(user=member_at(), place=place, visible_to_members=True)
    from django.contrib.auth.models import AnonymousUser

    for viewer in (AnonymousUser(), UserFactory(), UserFactory(staff=True), MembershipFactory(lapsed=True).user):
        assert today_presence(viewer=viewer, place=place) is None


def test_network_impact_groups_the_places_of_few_members_and_skips_demo(place) -> None:  # type: ignore[no-untyped-def]
    busy = PlaceFactory(comptoir=True, name="Comptoir fréquenté")
    members = [member_at() for _ in range(5)]
    for user in members:
        check_in_record(user=user, place=busy, visible_to_members=False)
    # Counted elsewhere: the same member's day is already counted at the busy place (no km, no second day).
    check_in_record(user=members[0], place=place, visible_to_members=False)
    loner = member_at()
    check_in_record(user=loner, place=place, visible_to_members=False)
    demo_place = PlaceFactory(demo=True, comptoir=True)
    check_in_record(user=member_at(), place=demo_place, visible_to_members=False)
    demo_member = member_at()
    type(demo_member).objects.filter(pk=demo_member.pk).update(is_demo=True)
    check_in_record(user=demo_member, place=busy, visible_to_members=False)

    impact = network_impact()
    assert [row.name for row in impact.places] == ["Comptoir fréquenté"]
    busy_km = sum((c.avoided_km for c in CheckIn.objects.filter(place=busy).exclude(user=demo_member)), Decimal(0))
    assert impact.places[0].totals.days == 5 and impact.places[0].totals.km == busy_km
    assert impact.others_count == 1 and impact.others.days == 1
    assert impact.total.days == 6
    assert impact.total.km == busy_km + CheckIn.objects.get(place=place, user=loner).avoided_km


def test_network_impact_costs_four_queries_whatever_the_places(place, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for index in range(6):
        check_in_record(
            user=member_at(), place=PlaceFactory(comptoir=True, name=f"Lieu {index}"), visible_to_members=False
        )
    with django_assert_num_queries(4):
        network_impact()


def test_personal_data_export_and_anonymise(place) -> None:  # type: ignore[no-untyped-def]
    user = member_at(share=True)
    check_in_record(user=user, place=place, visible_to_members=True)
    data = presence_personal_data(user)
    assert data["commute_profile"] == {"employer_commune": "Marvejols", "share_presence_by_default": True}
    assert data["check_ins"][0]["place"] == "Comptoir de Mende" and data["check_ins"][0]["visible_to_members"]
    assert "bookings_presence" in {source.key for source in personal_data.sources()}
    before = network_impact().total

    presence_personal_data_anonymise(user=user, today=timezone.localdate())
    assert not CommuteProfile.objects.exists()
    check_in = CheckIn.objects.get()
    assert check_in.user is None and check_in.visible_to_members is False
    assert network_impact().total == before  # the network keeps the day, without the person
    assert presence_personal_data(user) == {"commute_profile": None, "check_ins": []}


def test_the_account_export_holds_presence_and_deleting_the_account_keeps_the_day(place, on_commit) -> None:  # type: ignore[no-untyped-def]
    user = member_at()
    check_in_record(user=user, place=place, visible_to_members=False)
    exported = personal_data.personal_data_export(user=user)
    assert exported["bookings_presence"]["check_ins"][0]["place"] == "Comptoir de Mende"
    # Exported by its own source, not again by the generic fallback.
    assert not any("checkin" in key or "commuteprofile" in key for key in exported["other"])
    with on_commit(execute=True):
        personal_data.account_delete(user=user)
    assert CheckIn.objects.get().user is None
