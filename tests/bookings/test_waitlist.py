"""The waiting list: join when full, the offer to the first in line, the seat it holds, lapse, then the next."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from solozere.bookings.models import WaitlistEntry, WaitlistStatus
from solozere.bookings.services import BookingError, booking_cancel, booking_request
from solozere.bookings.services_waitlist import (
    MOST_IN_LINE,
    position,
    waitlist_accept,
    waitlist_join,
    waitlist_leave,
    waitlist_offer_round,
)
from solozere.bookings.workflow import BookingStatus
from tests.bookings.conftest import NOW, TOMORROW, new_member
from tests.bookings.factories import ClosureFactory, ResourceFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def office(territory, manager):  # type: ignore[no-untyped-def]
    """One office, taken tomorrow morning by `holder`."""
    resource = ResourceFactory(office=True)
    resource.place.managers.add(manager)
    return resource


@pytest.fixture
def holder(office):  # type: ignore[no-untyped-def]
    person = new_member()
    booking_request(actor=person, resource=office, start_date=TOMORROW, half="am", now=NOW)
    return person


def _join(resource, person=None, **request):  # type: ignore[no-untyped-def]
    request = request or {"half": "am"}
    return waitlist_join(actor=person or new_member(), resource=resource, start_date=TOMORROW, now=NOW, **request)


def test_one_joins_only_a_full_slot(office):
    with pytest.raises(BookingError, match="Il reste de la place"):
        _join(office)


def test_a_full_booking_says_so_and_the_person_may_join(office, holder):
    with pytest.raises(BookingError) as refused:
        booking_request(actor=new_member(), resource=office, start_date=TOMORROW, half="am", now=NOW)
    assert refused.value.full
    # A refusal for a rule is not "full".
    with pytest.raises(BookingError) as rule:
        booking_request(actor=new_member(), resource=office, start_date=TOMORROW - dt.timedelta(days=2), now=NOW)
    assert not rule.value.full


def test_joining_checks_the_rules_and_who_may_book(office, holder):
    from tests.accounts.factories import UserFactory

    with pytest.raises(BookingError, match="membres actifs"):
        _join(office, person=UserFactory())
    with pytest.raises(BookingError, match="passé"):
        waitlist_join(actor=new_member(), resource=office, start_date=TOMORROW - dt.timedelta(days=1), now=NOW)


def test_the_same_request_is_in_line_once(office, holder):
    person = new_member()
    _join(office, person)
    with pytest.raises(BookingError, match="déjà sur la liste"):
        _join(office, person)
    assert WaitlistEntry.objects.count() == 1


def test_one_person_has_a_bounded_number_of_requests_in_line(office, holder):
    person = new_member()
    for index in range(MOST_IN_LINE):
        WaitlistEntry.objects.create(
            resource=office, person=person, start_date=TOMORROW + dt.timedelta(days=index), starts_at=NOW
        )
    with pytest.raises(BookingError, match="listes d'attente"):
        _join(office, person)


def test_positions_follow_the_order_of_joining(office, holder):
    first, second = _join(office), _join(office)
    assert (position(first), position(second)) == (1, 2)


def test_a_cancellation_offers_the_seat_to_the_first_in_line_only(office, holder, on_commit, settings):
    settings.SOLOZERE_WAITLIST_OFFER_HOURS = 4
    first, second = _join(office), _join(office)
    mail.outbox.clear()
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.OFFERED
    assert first.offer_expires_at == NOW + 4 * HOUR
    assert first.held_slots == [[TOMORROW.isoformat(), "am"]]
    assert second.status == WaitlistStatus.WAITING
    offers = [m for m in mail.outbox if "libérée" in m.subject]
    assert [m.to for m in offers] == [[first.person.email]]
    assert reverse("bookings:waitlist_detail", args=[first.pk]) in offers[0].body
    assert "jusqu'au 2 décembre 2026 à 14 h" in offers[0].body


def test_an_offer_holds_its_seat_against_anyone_else(office, holder, on_commit):
    first = _join(office)
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    with pytest.raises(BookingError) as refused:
        booking_request(actor=new_member(), resource=office, start_date=TOMORROW, half="am", now=NOW + HOUR)
    assert refused.value.full
    booking = waitlist_accept(actor=first.person, entry=first, now=NOW + HOUR)
    assert booking.status == BookingStatus.CONFIRMED
    first.refresh_from_db()
    assert (first.status, first.booking, first.held_slots) == (WaitlistStatus.BOOKED, booking, [])


def test_an_offer_lapses_then_goes_to_the_next(office, holder, on_commit, settings):
    settings.SOLOZERE_WAITLIST_OFFER_HOURS = 2
    first, second = _join(office), _join(office)
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    # Still running an hour later: nothing changes.
    round_ = waitlist_offer_round(resource=office, now=NOW + HOUR)
    assert (round_.offered, round_.lapsed) == ([], [])
    mail.outbox.clear()
    with on_commit(execute=True):
        round_ = waitlist_offer_round(resource=office, now=NOW + 2 * HOUR)
    assert [e.pk for e in round_.lapsed] == [first.pk]
    assert [e.pk for e in round_.offered] == [second.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.LAPSED
    assert second.status == WaitlistStatus.OFFERED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.person.email, second.person.email])
    with pytest.raises(BookingError, match="expiré"):
        waitlist_accept(actor=first.person, entry=first, now=NOW + 2 * HOUR)


def test_an_offer_never_runs_past_the_start_minus_the_notice(office, holder, on_commit, settings):
    settings.SOLOZERE_WAITLIST_OFFER_HOURS = 48
    office.min_notice_hours = 2
    office.save()
    first = _join(office)
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    first.refresh_from_db()
    # Tomorrow 9:00 in Paris (8:00 UTC in winter), minus two hours.
    assert first.offer_expires_at == dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)


def test_too_late_entries_leave_the_line_without_an_offer(office, holder):
    first = _join(office)
    round_ = waitlist_offer_round(resource=office, now=dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC))
    assert [e.pk for e in round_.too_late] == [first.pk]
    first.refresh_from_db()
    assert first.status == WaitlistStatus.TOO_LATE


def test_a_closure_added_since_takes_the_entry_out_of_line(office, holder):
    first = _join(office)
    ClosureFactory(place=office.place, start_date=TOMORROW, end_date=TOMORROW)
    round_ = waitlist_offer_round(resource=office, now=NOW)
    assert [e.pk for e in round_.too_late] == [first.pk]


def test_the_first_in_line_who_can_be_served_gets_it(desks, on_commit):
    """Three desks: the morning is full, the afternoon has one seat. Someone waiting for the whole day cannot be
    served; the next, waiting for the morning only, gets the morning seat freed."""
    morning = [new_member() for _ in range(3)]
    for person in morning:
        booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    for _ in range(2):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="pm", now=NOW)
    booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="pm", now=NOW)
    whole_day = waitlist_join(actor=new_member(), resource=desks, start_date=TOMORROW, now=NOW)
    morning_only = _join(desks)
    with on_commit(execute=True):
        booking_cancel(actor=morning[0], booking=morning[0].bookings.get(), now=NOW)
    whole_day.refresh_from_db()
    morning_only.refresh_from_db()
    assert whole_day.status == WaitlistStatus.WAITING
    assert morning_only.status == WaitlistStatus.OFFERED


def test_two_seats_freed_go_to_two_people_in_line(desks, on_commit):
    people = [new_member() for _ in range(3)]
    for person in people:
        booking_request(actor=person, resource=desks, start_date=TOMORROW, half="am", now=NOW)
    line = [_join(desks) for _ in range(3)]
    for person in people[:2]:
        with on_commit(execute=True):
            booking_cancel(actor=person, booking=person.bookings.get(), now=NOW)
    states = [WaitlistEntry.objects.get(pk=entry.pk).status for entry in line]
    assert states == [WaitlistStatus.OFFERED, WaitlistStatus.OFFERED, WaitlistStatus.WAITING]


def test_declining_an_offer_passes_it_on_at_once(office, holder, on_commit):
    first, second = _join(office), _join(office)
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    with on_commit(execute=True):
        waitlist_leave(actor=first.person, entry=first, now=NOW)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.LEFT
    assert second.status == WaitlistStatus.OFFERED
    with pytest.raises(BookingError, match="plus sur cette liste"):
        waitlist_leave(actor=first.person, entry=first, now=NOW)


def test_nobody_accepts_or_leaves_another_persons_entry(office, holder, on_commit):
    first = _join(office)
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get(), now=NOW)
    stranger = new_member()
    with pytest.raises(BookingError, match="pas la vôtre"):
        waitlist_accept(actor=stranger, entry=first, now=NOW)
    with pytest.raises(BookingError, match="pas la vôtre"):
        waitlist_leave(actor=stranger, entry=first, now=NOW)


def test_the_command_offers_seats_freed_otherwise_and_is_a_dry_run_unless_told(desks, capsys):
    """The place adds a desk to a full pool: the periodic command offers it (a cancellation offers at once)."""
    for _ in range(3):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    first = _join(desks)
    desks.capacity = 4
    desks.save()
    call_command("offer_waiting_list")
    out = capsys.readouterr().out
    first.refresh_from_db()
    assert first.status == WaitlistStatus.WAITING
    assert "essai" in out
    call_command("offer_waiting_list", "--wet-run")
    out = capsys.readouterr().out
    first.refresh_from_db()
    if first.starts_at > dt.datetime.now(dt.UTC):
        # Run before tomorrow's start (the tests' dates are fixed): the seat is offered.
        assert first.status == WaitlistStatus.OFFERED
        assert "proposée" in out
    else:
        assert first.status == WaitlistStatus.TOO_LATE
    assert "[essai]" not in out


def test_a_round_offers_a_desk_added_to_a_full_pool(desks, on_commit):
    for _ in range(3):
        booking_request(actor=new_member(), resource=desks, start_date=TOMORROW, half="am", now=NOW)
    first, second = _join(desks), _join(desks)
    desks.capacity = 4
    desks.save()
    dry = waitlist_offer_round(resource=desks, now=NOW, wet_run=False)
    assert [e.pk for e in dry.offered] == [first.pk]
    first.refresh_from_db()
    assert first.status == WaitlistStatus.WAITING  # a dry run writes nothing
    with on_commit(execute=True):
        waitlist_offer_round(resource=desks, now=NOW)
    assert WaitlistEntry.objects.get(pk=first.pk).status == WaitlistStatus.OFFERED
    assert WaitlistEntry.objects.get(pk=second.pk).status == WaitlistStatus.WAITING
