"""The waiting list's timing rule, without the database: every small queue in every state, and the stories."""

import datetime as dt
import itertools

import pytest

from solozere.core.calendar import PARIS
from solozere.core.waiting_list import Entry, Offer, OfferPlan, offer_expiry, plan_offers

NOW = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # the night summer time ends: instants, not wall clocks
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

WAITING, RUNNING, LAPSED, JUST_LAPSED = "waiting", "running", "lapsed", "just lapsed"
EXPIRY = {WAITING: None, RUNNING: NOW + HOUR, LAPSED: NOW - HOUR, JUST_LAPSED: NOW}


def queue_of(states: tuple[str, ...]) -> list[Entry]:
    return [Entry(key=index, offer_expires_at=EXPIRY[state]) for index, state in enumerate(states)]


@pytest.mark.parametrize("length", range(6))
@pytest.mark.parametrize("free", range(5))
@pytest.mark.parametrize("deadline", [None, NOW + 2 * HOUR, NOW + DAY * 3, NOW, NOW - HOUR])
def test_every_small_queue(length, free, deadline):
    for states in itertools.product((WAITING, RUNNING, LAPSED, JUST_LAPSED), repeat=length):
        plan = plan_offers(queue_of(states), free=free, now=NOW, duration=DAY, deadline=deadline)
        waiting = [i for i, s in enumerate(states) if s == WAITING]
        running = [i for i, s in enumerate(states) if s == RUNNING]
        lapsed = [i for i, s in enumerate(states) if s in (LAPSED, JUST_LAPSED)]
        assert plan.lapsed == lapsed
        assert plan.running == running
        too_late = deadline is not None and deadline <= NOW
        expected = 0 if too_late else min(len(waiting), max(0, free - len(running)))
        # The first in line who have had no offer get one each, in queue order, never someone skipped.
        assert [offer.key for offer in plan.new] == waiting[:expected]
        # Never more seats offered at once than are free.
        if not too_late:
            assert len(plan.new) + len(running) <= max(free, len(running))
        expires = NOW + DAY if deadline is None else min(NOW + DAY, deadline)
        assert all(offer.expires_at == expires for offer in plan.new)
        # Nobody is in two lists.
        assert len(set(plan.lapsed) | set(plan.running) | {o.key for o in plan.new}) == (
            len(plan.lapsed) + len(plan.running) + len(plan.new)
        )


def test_a_freed_seat_goes_to_the_first_in_line():
    plan = plan_offers([Entry("ana"), Entry("bruno"), Entry("chloé")], free=1, now=NOW, duration=DAY)
    assert plan == OfferPlan(lapsed=[], running=[], new=[Offer("ana", NOW + DAY)])


def test_the_story_of_a_seat_offered_then_lapsed_then_offered_to_the_next():
    queue = [Entry("ana"), Entry("bruno"), Entry("chloé")]
    # 10:00 — a cancellation frees one seat: Ana gets 24 hours.
    first = plan_offers(queue, free=1, now=NOW, duration=DAY)
    assert first.new == [Offer("ana", NOW + DAY)]
    queue[0] = Entry("ana", offer_expires_at=NOW + DAY)
    # Twelve hours later the command runs again: Ana's offer holds the seat, nobody else is asked.
    later = plan_offers(queue, free=1, now=NOW + DAY / 2, duration=DAY)
    assert later == OfferPlan(lapsed=[], running=["ana"], new=[])
    # Ana never answered: at the next run her offer has lapsed and Bruno gets the seat, from that run on.
    run = NOW + DAY + dt.timedelta(minutes=14)
    after = plan_offers(queue, free=1, now=run, duration=DAY)
    assert after == OfferPlan(lapsed=["ana"], running=[], new=[Offer("bruno", run + DAY)])
    # The app removes Ana from the line (lapsed) and records Bruno's offer; Chloé still waits.
    queue = [Entry("bruno", offer_expires_at=run + DAY), Entry("chloé")]
    assert plan_offers(queue, free=1, now=run + HOUR, duration=DAY).new == []


def test_an_offer_lapses_at_its_expiry_instant_not_after():
    queue = [Entry("ana", offer_expires_at=NOW), Entry("bruno")]
    assert plan_offers(queue, free=1, now=NOW, duration=HOUR).new == [Offer("bruno", NOW + HOUR)]
    just_before = NOW - dt.timedelta(microseconds=1)
    assert plan_offers(queue, free=1, now=just_before, duration=HOUR).running == ["ana"]


def test_two_free_seats_two_offers_and_a_running_offer_counts_as_one():
    queue = [Entry("ana", offer_expires_at=NOW + HOUR), Entry("bruno"), Entry("chloé"), Entry("david")]
    plan = plan_offers(queue, free=3, now=NOW, duration=DAY)
    assert plan.running == ["ana"]
    assert [offer.key for offer in plan.new] == ["bruno", "chloé"]


def test_more_running_offers_than_free_seats_offers_nothing_and_revokes_nothing():
    """A seat offered was taken some other way meanwhile: the running offers stay (their acceptance re-checks)."""
    queue = [Entry("ana", offer_expires_at=NOW + HOUR), Entry("bruno", offer_expires_at=NOW + HOUR), Entry("c")]
    plan = plan_offers(queue, free=1, now=NOW, duration=DAY)
    assert plan == OfferPlan(lapsed=[], running=["ana", "bruno"], new=[])


def test_no_free_seat_no_offer_but_lapsed_offers_are_still_reported():
    queue = [Entry("ana", offer_expires_at=NOW - HOUR), Entry("bruno")]
    assert plan_offers(queue, free=0, now=NOW, duration=DAY) == OfferPlan(lapsed=["ana"], running=[], new=[])


def test_an_empty_queue_offers_nothing():
    assert plan_offers([], free=3, now=NOW, duration=DAY) == OfferPlan()


def test_the_offer_never_runs_past_the_deadline():
    deadline = NOW + 2 * HOUR
    [offer] = plan_offers([Entry("ana")], free=1, now=NOW, duration=DAY, deadline=deadline).new
    assert offer.expires_at == deadline


def test_no_offer_once_the_deadline_has_passed():
    assert plan_offers([Entry("ana")], free=1, now=NOW, duration=DAY, deadline=NOW).new == []


def test_expiry_is_computed_on_instants_across_the_change_of_time():
    """An offer of 24 hours made at noon on Saturday 24 October 2026 lapses 24 hours later: at 11:00 on Sunday in
    Paris, the clocks having gone back an hour in the night (not at noon, 25 hours later)."""
    for start, local_expiry in (
        (dt.datetime(2026, 10, 24, 12, tzinfo=PARIS), dt.datetime(2026, 10, 25, 11, tzinfo=PARIS)),
        (dt.datetime(2027, 3, 27, 12, tzinfo=PARIS), dt.datetime(2027, 3, 28, 13, tzinfo=PARIS)),
    ):
        expires = offer_expiry(now=start, duration=DAY)
        assert expires.astimezone(dt.UTC) - start.astimezone(dt.UTC) == DAY
        assert expires.astimezone(PARIS).replace(tzinfo=None) == local_expiry.replace(tzinfo=None)
        [offer] = plan_offers([Entry("ana")], free=1, now=start, duration=DAY).new
        assert offer.expires_at == expires


def test_offer_expiry_without_deadline_is_now_plus_duration():
    assert offer_expiry(now=NOW, duration=HOUR) == NOW + HOUR
    assert offer_expiry(now=NOW, duration=HOUR, deadline=NOW + DAY) == NOW + HOUR
    assert offer_expiry(now=NOW, duration=DAY, deadline=NOW + HOUR) == NOW + HOUR


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"free": -1}, "negative"),
        ({"duration": dt.timedelta(0)}, "some time"),
        ({"duration": -HOUR}, "some time"),
        ({"now": dt.datetime(2026, 1, 1)}, "aware"),
        ({"deadline": dt.datetime(2026, 1, 1)}, "aware"),
        ({"queue": [Entry("ana"), Entry("ana")]}, "twice"),
    ],
)
def test_impossible_input_is_refused(kwargs, message):
    arguments = {"queue": [Entry("ana")], "free": 1, "now": NOW, "duration": DAY, **kwargs}
    queue = arguments.pop("queue")
    with pytest.raises(ValueError, match=message):
        plan_offers(queue, **arguments)
