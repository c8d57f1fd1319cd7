"""Who on a waiting list gets the freed seats, and until when: the one timing rule that bookings (a desk-slot) and
events (a seat of a site) share. Pure: no ORM, no clock; the app reads its queue, calls `plan_offers`, then applies
the plan under its lock (expire the lapsed offers, send the new ones) and re-checks the seats it gives.

The rule (pretix's): the first in line gets a time-limited offer per free seat; an offer that lapses is skipped and
the seat goes to the next in line; an offer still running holds its seat; a seat is never offered twice at once.
An offer never runs past the deadline (the start of the slot or of the event, minus the app's notice), and none is
made once the deadline has passed."""

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One person still in line, in queue order. `offer_expires_at` is set while an offer made to them runs (or
    has lapsed without an answer: `plan_offers` reports it). Someone who accepted, declined or left is not in the
    queue any more; the app leaves them out."""

    key: Hashable
    offer_expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class Offer:
    key: Hashable
    expires_at: dt.datetime


@dataclass(frozen=True)
class OfferPlan:
    lapsed: list[Hashable] = field(default_factory=list)  # offers past their expiry: mark them lapsed, in order
    running: list[Hashable] = field(default_factory=list)  # offers still open: each holds a seat
    new: list[Offer] = field(default_factory=list)  # offers to make now, in queue order


def offer_expiry(*, now: dt.datetime, duration: dt.timedelta, deadline: dt.datetime | None = None) -> dt.datetime:
    """When an offer made at `now` lapses: after `duration` of elapsed time, but never after the deadline. Added in
    UTC: Python adds a timedelta to a Europe/Paris datetime on the wall clock, and a 24-hour offer made the day
    before the change of time would then last 23 or 25 hours."""
    expires_at = now.astimezone(dt.UTC) + duration
    return min(expires_at, deadline) if deadline is not None else expires_at


def plan_offers(
    queue: Sequence[Entry],
    *,
    free: int,
    now: dt.datetime,
    duration: dt.timedelta,
    deadline: dt.datetime | None = None,
) -> OfferPlan:
    """What to do with the queue now. `free` counts the seats free right now, including those held by the running
    offers (a seat offered is still free until the offer is accepted). An offer lapses at its expiry instant:
    `offer_expires_at <= now` has lapsed."""
    if free < 0:
        raise ValueError("free cannot be negative")
    if duration <= dt.timedelta(0):
        raise ValueError("an offer must last some time")
    if now.tzinfo is None or (deadline is not None and deadline.tzinfo is None):
        raise ValueError("now and deadline must be aware datetimes")
    keys = [entry.key for entry in queue]
    if len(set(keys)) != len(keys):
        raise ValueError("a person is twice in the queue")

    lapsed = [e.key for e in queue if e.offer_expires_at is not None and e.offer_expires_at <= now]
    running = [e.key for e in queue if e.offer_expires_at is not None and e.offer_expires_at > now]
    waiting = [e.key for e in queue if e.offer_expires_at is None]
    to_offer = max(0, free - len(running))
    if deadline is not None and now >= deadline:
        to_offer = 0
    expires_at = offer_expiry(now=now, duration=duration, deadline=deadline)
    return OfferPlan(
        lapsed=lapsed,
        running=running,
        new=[Offer(key=key, expires_at=expires_at) for key in waiting[:to_offer]],
    )
