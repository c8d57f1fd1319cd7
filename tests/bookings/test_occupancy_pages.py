"""Occupancy of seats read from the database (selectors_occupancy), on the place page, the public statistics and
the staff's pages: every role, bad months, small counts withheld, and query counts that do not grow."""

import csv
import datetime as dt
import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from solozere.bookings import availability, occupancy
from solozere.bookings.models import Booking, Resource
from solozere.bookings.selectors_occupancy import network_occupancy, place_occupancy
from solozere.bookings.services import booking_complete, booking_confirm, booking_mark_no_show, booking_request
from solozere.bookings.workflow import BookingStatus
from tests.bookings.conftest import new_member
from tests.bookings.factories import ResourceFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)
# November 2026 on weekdays: 21 weekdays, Armistice (Wednesday 11) a public holiday: 20 open days.
NOVEMBER_HALF_DAYS = 40
AFTER_NOVEMBER = dt.datetime(2026, 12, 1, 8, 0, tzinfo=availability.PARIS)


def open_days(resource, month):
    plans = availability.days(expression=resource.place.opening_hours, start=month, end=occupancy.last_day(month))
    return [plan.day for plan in plans if plan.is_open]


def since(resource, day=dt.date(2025, 1, 1)):
    """As if the resource had been created on `day` (a factory creates it now)."""
    Resource.objects.filter(pk=resource.pk).update(created_at=availability.local(day, dt.time(8)))
    resource.refresh_from_db()
    return resource


def book(resource, day, *, half="am", person=None, status=BookingStatus.CONFIRMED, manager=None):
    booking = booking_request(
        actor=person or new_member(),
        resource=resource,
        start_date=day,
        half=half,
        now=availability.local(day - dt.timedelta(days=1), dt.time(10)),
    )
    after = availability.local(day + dt.timedelta(days=1), dt.time(10))
    if booking.status == BookingStatus.REQUESTED and status != BookingStatus.REQUESTED:
        booking = booking_confirm(actor=manager, booking=booking)
    if status == BookingStatus.DONE:
        booking = booking_complete(booking=booking, now=after)
    elif status == BookingStatus.NO_SHOW:
        booking = booking_mark_no_show(actor=manager, booking=booking, now=after)
    return booking


@pytest.fixture
def seats(desks):
    return since(desks)


# --- Selectors -------------------------------------------------------------------------------------------------------


def test_a_place_month_counts_seats_and_leaves_rooms_requests_and_cancellations_out(seats, manager):
    room = since(ResourceFactory(room=True, place=seats.place))
    office = since(ResourceFactory(office=True, place=seats.place))
    approval = since(ResourceFactory(place=seats.place, approval=True, capacity=2))
    days = open_days(seats, NOVEMBER)
    book(seats, days[0], status=BookingStatus.DONE)
    book(seats, days[1], status=BookingStatus.NO_SHOW, manager=manager)
    book(office, days[2], half="pm")  # confirmed, its afternoon ended before AFTER_NOVEMBER: used
    book(approval, days[3], status=BookingStatus.REQUESTED)  # awaiting a manager: not counted
    cancelled = book(seats, days[4])
    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED)
    booking_request(
        actor=new_member(),
        resource=room,
        start_date=days[5],
        start_hour=9,
        end_hour=11,
        now=availability.local(days[0], dt.time(8)),
    )

    [figures] = place_occupancy(seats.place, [NOVEMBER], now=AFTER_NOVEMBER)
    assert figures.available == (3 + 1 + 2) * NOVEMBER_HALF_DAYS
    assert (figures.booked, figures.used, figures.people) == (3, 2, 3)


def test_a_place_with_only_a_meeting_room_has_no_occupancy(territory):
    room = ResourceFactory(room=True)
    assert place_occupancy(room.place, [NOVEMBER]) == []


def test_a_resource_switched_off_counts_up_to_its_last_change(seats):
    Resource.objects.filter(pk=seats.pk).update(
        is_active=False, updated_at=availability.local(dt.date(2026, 11, 13), dt.time(17))
    )
    seats.refresh_from_db()
    [figures] = place_occupancy(seats.place, [NOVEMBER], now=AFTER_NOVEMBER)
    # 2-6, 9-10, 12-13 November: nine open days.
    assert figures.available == 3 * 9 * 2


def test_two_months_of_a_place_split_its_bookings(seats):
    book(seats, open_days(seats, NOVEMBER)[0])
    book(seats, open_days(seats, dt.date(2026, 10, 1))[-1], half="pm")
    october, november = place_occupancy(seats.place, [dt.date(2026, 10, 15), NOVEMBER], now=AFTER_NOVEMBER)
    assert (october.month, october.booked) == (dt.date(2026, 10, 1), 1)
    assert (november.month, november.booked) == (NOVEMBER, 1)


def test_the_network_month_lists_places_with_seats_and_their_total(seats, territory):
    other = since(ResourceFactory(capacity=2))
    demo = since(ResourceFactory(place=PlaceFactory(demo=True, opening_hours=seats.place.opening_hours)))
    since(ResourceFactory(room=True))  # no seat: not listed
    book(seats, open_days(seats, NOVEMBER)[0])
    book(other, open_days(other, NOVEMBER)[0])
    book(demo, open_days(demo, NOVEMBER)[0])
    public = network_occupancy(NOVEMBER, now=AFTER_NOVEMBER)
    assert {row.slug for row in public.places} == {seats.place.slug, other.place.slug}
    assert public.total.available == 5 * NOVEMBER_HALF_DAYS
    assert (public.total.booked, public.total.people) == (2, 2)
    staff = network_occupancy(NOVEMBER, include_demo=True, now=AFTER_NOVEMBER)
    assert {row.slug for row in staff.places} == {seats.place.slug, other.place.slug, demo.place.slug}


def test_a_place_whose_seats_came_after_the_month_is_not_listed(territory):
    ResourceFactory()  # created now, in December
    assert network_occupancy(NOVEMBER).places == []
    assert network_occupancy(NOVEMBER).total.available == 0


def _network_of(places, bookings_each):
    for _n in range(places):
        resource = since(ResourceFactory())
        for day in open_days(resource, NOVEMBER)[:bookings_each]:
            book(resource, day)


def test_the_network_month_costs_the_same_with_more_places_and_bookings(territory, django_assert_max_num_queries):
    _network_of(1, 1)
    with django_assert_max_num_queries(3) as few:
        network_occupancy(NOVEMBER)
    _network_of(3, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(network_occupancy(NOVEMBER).places) == 4


def test_a_place_months_cost_three_queries_whatever_its_bookings(seats, django_assert_max_num_queries):
    book(seats, open_days(seats, NOVEMBER)[0])
    with django_assert_max_num_queries(3):
        place_occupancy(seats.place, [dt.date(2026, 10, 1), NOVEMBER])
    for day in open_days(seats, NOVEMBER)[1:6]:
        book(seats, day, half="pm")
    with django_assert_max_num_queries(3):
        place_occupancy(seats.place, [dt.date(2026, 10, 1), NOVEMBER])


# --- The place page --------------------------------------------------------------------------------------------------


def last_month():
    return occupancy.previous_month(timezone.localdate())


def test_the_place_page_shows_last_and_this_months_occupancy_with_counts_from_five_people(client, seats):
    days = open_days(seats, last_month())
    for n in range(5):
        book(seats, days[n], status=BookingStatus.DONE)
    page = html.unescape(client.get(seats.place.get_absolute_url()).content.decode())
    assert "Occupation des postes" in page
    available = 3 * len(days) * 2
    assert f">{available}<" in page
    assert f"5 ({round(100 * 5 / available, 1):g} %)".replace(".", ",") in page
    assert "ne sont pas publiés" not in page
    assert "(en cours)" in page


def test_the_place_page_withholds_the_counts_of_fewer_than_five_people(client, seats):
    person = new_member()
    days = open_days(seats, last_month())
    for day in days[:3]:
        book(seats, day, person=person, status=BookingStatus.DONE)
    page = html.unescape(client.get(seats.place.get_absolute_url()).content.decode())
    assert "Moins de 5 personnes ont réservé ici ce mois-là" in page
    assert "moins de 10 %" in page
    assert "3 (" not in page


def test_the_place_page_shows_no_occupancy_without_seats(client, territory):
    room = ResourceFactory(room=True)
    page = client.get(room.place.get_absolute_url()).content.decode()
    assert "Réserver" in page and "Occupation des postes" not in page


def test_a_seat_resource_added_this_month_says_last_month_had_none(client, desks):
    page = html.unescape(client.get(desks.place.get_absolute_url()).content.decode())
    assert "pas de poste réservable ce mois-ci" in page


# --- The public statistics -------------------------------------------------------------------------------------------


def test_the_statistics_page_is_public_and_linked_from_the_impact_page(client, seats):
    assert reverse("bookings:occupancy") in client.get(reverse("bookings:presence_impact")).content.decode()
    response = client.get(reverse("bookings:occupancy"))
    assert response.status_code == 200
    assert seats.place.name in html.unescape(response.content.decode())


def test_the_statistics_show_the_month_asked_for(client, seats):
    days = open_days(seats, NOVEMBER)
    for n in range(5):
        book(seats, days[n], status=BookingStatus.DONE)
    page = html.unescape(client.get(reverse("bookings:occupancy"), {"mois": "2026-11"}).content.decode())
    assert "novembre 2026" in page
    assert f"5 ({100 * 5 / (3 * NOVEMBER_HALF_DAYS):.1f} %)".replace(".", ",") in page
    assert "Tout le réseau" in page


def test_the_statistics_withhold_a_small_place_and_a_total_that_would_give_it_back(client, seats):
    big = since(ResourceFactory(capacity=10))
    for day in open_days(big, NOVEMBER)[:6]:
        book(big, day, status=BookingStatus.DONE)
    person = new_member()
    for day in open_days(seats, NOVEMBER)[:2]:
        book(seats, day, person=person, status=BookingStatus.DONE)
    page = html.unescape(client.get(reverse("bookings:occupancy"), {"mois": "2026-11"}).content.decode())
    assert "6 (1,5 %)" in page  # the big place: six people, 6 of 400 half-days
    assert "2 (" not in page and "8 (" not in page  # neither the small place's count nor the total
    assert "Les nombres du réseau ne sont pas publiés non plus" in page


@pytest.mark.parametrize("value", ["2026-13", "décembre", "2026/11", "<script>", "9" * 30])
def test_a_bad_month_is_told_in_french_and_kept(client, seats, value):
    response = client.get(reverse("bookings:occupancy"), {"mois": value})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "n'est pas un mois" in page or "au plus" in page
    if value == "<script>":
        assert "<script>" not in response.content.decode() and "&lt;script&gt;" in response.content.decode()
    assert seats.place.name in page  # the current month is shown beside the error


def test_a_bad_month_keeps_what_was_typed_escaped(client, seats):
    response = client.get(reverse("bookings:occupancy"), {"mois": "2026-1x"})
    assert response.status_code == 400
    assert 'value="2026-1x"' in response.content.decode()


# --- The staff's pages -----------------------------------------------------------------------------------------------


STAFF_PAGES = ["bookings:staff_occupancy", "bookings:staff_occupancy_export"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/compte/" in response["Location"]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize("who", ["plain_user", "member", "place_manager", "other_manager", "company_representative"])
def test_only_the_staff_see_the_network_occupancy(client, seats, name, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


def test_the_manager_of_the_place_does_not_see_the_network_either(client, seats, manager):
    client.force_login(manager)  # manages seats.place
    assert client.get(reverse("bookings:staff_occupancy")).status_code == 403


def test_the_staff_see_every_count_demo_places_included(client, seats, staff_user):
    demo = since(ResourceFactory(place=PlaceFactory(demo=True, opening_hours=seats.place.opening_hours)))
    person = new_member()
    book(seats, open_days(seats, NOVEMBER)[0], person=person, status=BookingStatus.DONE)
    book(demo, open_days(demo, NOVEMBER)[1], status=BookingStatus.DONE)
    client.force_login(staff_user)
    staff_bookings = html.unescape(client.get(reverse("bookings:staff_bookings")).content.decode())
    assert reverse("bookings:staff_occupancy") in staff_bookings
    response = client.get(reverse("bookings:staff_occupancy"), {"mois": "2026-11"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert demo.place.name in page and "Démo" in page
    assert "1 (0,8 %)" in page  # one person, not withheld for the staff
    assert "Personnes" in page


def test_the_staff_download_a_month_as_csv(client, seats, staff_user):
    for day in open_days(seats, NOVEMBER)[:2]:
        book(seats, day, status=BookingStatus.DONE)
    client.force_login(staff_user)
    response = client.get(reverse("bookings:staff_occupancy_export"), {"mois": "2026-11"})
    assert response.status_code == 200
    assert "occupation-postes-2026-11.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["mois", "lieu", "lieu_slug"]
    place_row = next(row for row in rows if row[2] == seats.place.slug)
    assert place_row[4:] == [str(3 * NOVEMBER_HALF_DAYS), "2", "1.7", "2", "1.7", "2"]
    assert rows[-1][1] == "Tout le réseau"


def test_the_staff_export_refuses_a_bad_month_in_french(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("bookings:staff_occupancy_export"), {"mois": "2026-00"})
    assert response.status_code == 400
    assert "n'est pas un mois possible" in html.unescape(response.content.decode())


def test_the_staff_page_costs_the_same_with_more_places(client, staff_user, territory, django_assert_max_num_queries):
    _network_of(1, 1)
    client.force_login(staff_user)
    url = reverse("bookings:staff_occupancy") + "?mois=2026-11"
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    _network_of(3, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
