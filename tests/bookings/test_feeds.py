import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.accounts import feeds
from solozere.bookings.services import BookingError, booking_cancel, booking_preview, booking_request
from tests.bookings.conftest import new_member

pytestmark = pytest.mark.django_db


def feed_path(token):  # type: ignore[no-untyped-def]
    return f"/compte/agenda/{token.token}.ics"


def open_days(resource, count):  # type: ignore[no-untyped-def]
    """The next `count` days `resource` opens, from the day after tomorrow (the feeds read the real clock)."""
    days, day = [], timezone.localdate() + dt.timedelta(days=2)
    while len(days) < count:
        try:
            booking_preview(resource=resource, start_date=day, half="am")
            days.append(day)
        except BookingError:
            pass
        day += dt.timedelta(days=1)
    return days


def vevents(client, token):  # type: ignore[no-untyped-def]
    response = client.get(feed_path(token))
    assert response.status_code == 200
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def test_my_feed_parses_and_keeps_its_uids_across_a_cancellation(client, desks, manager):
    person = new_member()
    first, second = open_days(desks, 2)
    kept = booking_request(actor=person, resource=desks, start_date=first, half="am")
    dropped = booking_request(actor=person, resource=desks, start_date=second, half="am")
    booking_request(actor=new_member(), resource=desks, start_date=first, half="am")  # someone else's
    token = feeds.feed_token_reset(user=person, purpose="bookings")
    before = vevents(client, token)
    assert len(before) == 2
    booking_cancel(actor=person, booking=dropped)
    after = vevents(client, token)
    uid = next(u for u in before if u.startswith(f"booking-{kept.pk}@"))
    assert list(after) == [uid]
    assert after[uid]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert after[uid].decoded("DTSTART") == kept.starts_at


def test_another_persons_token_is_a_404_once_reset(client, desks):
    person = new_member()
    old = feeds.feed_token_reset(user=person, purpose="bookings")
    feeds.feed_token_reset(user=person, purpose="bookings")
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(f"/compte/agenda/{old.selector}.wrongsecret.ics").status_code == 404


def test_the_place_feed_is_for_its_managers_and_staff_only(client, desks, manager, staff_user):
    purpose = f"place-bookings:{desks.place.pk}"
    booking_request(
        actor=new_member(user__first_name="Lucie"), resource=desks, start_date=open_days(desks, 1)[0], half="am"
    )
    token = feeds.feed_token_reset(user=manager, purpose=purpose)
    (event,) = vevents(client, token).values()
    assert "Lucie" in str(event["SUMMARY"])
    assert feeds.feed_token_reset(user=staff_user, purpose=purpose)
    with pytest.raises(PermissionError):
        feeds.feed_token_reset(user=new_member(), purpose=purpose)
    with pytest.raises(PermissionError):
        feeds.feed_token_reset(user=manager, purpose="place-bookings:abc")
    desks.place.managers.remove(manager)
    assert client.get(feed_path(token)).status_code == 404


def test_a_feed_reads_in_a_fixed_number_of_queries(client, desks, django_assert_max_num_queries):
    person = new_member()
    token = feeds.feed_token_reset(user=person, purpose="bookings")
    days = open_days(desks, 6)
    booking_request(actor=person, resource=desks, start_date=days[0], half="am")
    with django_assert_max_num_queries(8) as few:
        vevents(client, token)
    for day in days[1:]:
        booking_request(actor=person, resource=desks, start_date=day, half="pm")
        booking_request(actor=new_member(), resource=desks, start_date=day, half="am")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(vevents(client, token)) == 6


def test_the_pages_offer_the_feed(client, desks, manager):
    person = new_member()
    client.force_login(person)
    page = client.get(reverse("bookings:mine")).content.decode()
    assert 'name="purpose" value="bookings"' in page
    client.force_login(manager)
    page = client.get(reverse("bookings:calendar", args=[desks.place.slug])).content.decode()
    assert f'name="purpose" value="place-bookings:{desks.place.pk}"' in page
    response = client.post(reverse("accounts:feed_reset"), {"purpose": f"place-bookings:{desks.place.pk}", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("bookings:calendar", args=[desks.place.slug])).content.decode()
    assert "/compte/agenda/" in page
