"""Every bookings page for every role, the happy paths through HTTP, bad input, and list query counts."""

import csv
import datetime as dt
import html
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from solozere.bookings import availability
from solozere.bookings.models import Booking, BookingSlot, Closure, Resource
from solozere.bookings.services import booking_request
from solozere.bookings.workflow import BookingStatus
from tests.bookings.conftest import new_member
from tests.bookings.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def open_day(resource, after=2):
    """The first day from `after` days ahead when the place is open in the morning (weekday, not a holiday)."""
    day = timezone.localdate() + dt.timedelta(days=after)
    while not availability.day_plan(expression=resource.place.opening_hours, day=day).is_open:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def booking(desks):
    return booking_request(actor=new_member(), resource=desks, start_date=open_day(desks), half="am")


def _urls(desks, booking):
    slug = desks.place.slug
    closure = Closure.objects.create(
        place=desks.place, start_date=open_day(desks, 60), end_date=open_day(desks, 60), reason="Travaux"
    )
    return {
        "manager": [
            reverse("bookings:calendar", args=[slug]),
            reverse("bookings:calendar", args=[slug]) + "?vue=jour",
            reverse("bookings:export", args=[slug]),
            reverse("bookings:manage_booking", args=[slug, booking.pk]),
            reverse("bookings:manage_resources", args=[slug]),
            reverse("bookings:manage_resource_add", args=[slug]),
            reverse("bookings:manage_resource", args=[slug, desks.pk]),
            reverse("bookings:manage_closures", args=[slug]),
        ],
        "manager_posts": [
            reverse("bookings:manage_booking_decide", args=[slug, booking.pk, "valider"]),
            reverse("bookings:manage_closure_remove", args=[slug, closure.pk]),
        ],
        "signed_in": [reverse("bookings:mine"), reverse("bookings:book", args=[slug, desks.pk])],
        "owner": [reverse("bookings:mine_detail", args=[booking.pk])],
        "public": [reverse("bookings:place_resources", args=[slug])],
        "staff": [reverse("bookings:staff_bookings")],
    }


def test_visitors_are_sent_to_log_in_and_see_the_public_list(client, desks, booking):
    urls = _urls(desks, booking)
    for url in urls["manager"] + urls["signed_in"] + urls["owner"] + urls["staff"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/compte/" in response["Location"]
    for url in urls["public"]:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["member", "other_manager", "company_representative"])
def test_people_who_do_not_run_the_place_get_404_on_its_pages(client, desks, booking, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person)
    urls = _urls(desks, booking)
    for url in urls["manager"] + urls["owner"]:
        assert client.get(url).status_code == 404, url
    for url in urls["manager_posts"]:
        assert client.post(url).status_code == 404, url
    for url in urls["signed_in"] + urls["public"]:
        assert client.get(url).status_code == 200, url
    assert client.get(urls["staff"][0]).status_code == 403


@pytest.mark.parametrize("who", ["manager", "staff_user"])
def test_the_places_managers_and_the_staff_see_its_pages(client, desks, booking, who, request):
    client.force_login(request.getfixturevalue(who))
    urls = _urls(desks, booking)
    for url in urls["manager"] + urls["signed_in"] + urls["public"]:
        assert client.get(url).status_code == 200, url
    assert client.get(urls["staff"][0]).status_code == (200 if who == "staff_user" else 403)


def test_the_owner_sees_their_booking(client, desks, booking):
    client.force_login(booking.person)
    response = client.get(reverse("bookings:mine_detail", args=[booking.pk]))
    assert response.status_code == 200
    assert "Confirmée" in html.unescape(response.content.decode())


def test_the_place_page_offers_booking_only_when_it_has_resources(client, desks, territory):
    page = html.unescape(client.get(desks.place.get_absolute_url()).content.decode())
    assert reverse("bookings:book", args=[desks.place.slug, desks.pk]) in page
    desks.is_active = False
    desks.save()
    assert (
        reverse("bookings:place_resources", args=[desks.place.slug])
        not in client.get(desks.place.get_absolute_url()).content.decode()
    )
    assert client.get(reverse("bookings:place_resources", args=[desks.place.slug])).status_code == 404


def test_the_managers_dashboard_links_to_the_calendar(client, desks, manager):
    client.force_login(manager)
    page = html.unescape(client.get(reverse("places:manage", args=[desks.place.slug])).content.decode())
    assert reverse("bookings:calendar", args=[desks.place.slug]) in page


# --- Booking through the pages -----------------------------------------------------------------------------------


def test_a_member_checks_then_confirms_a_period_seeing_every_day(client, desks, on_commit):
    person = new_member()
    client.force_login(person)
    url = reverse("bookings:book", args=[desks.place.slug, desks.pk])
    start = open_day(desks, 7)
    end = start + dt.timedelta(days=9)
    data = {"start_date": start.isoformat(), "end_date": end.isoformat(), "length": "period"}
    preview = client.post(url, data)
    assert preview.status_code == 200
    days = [d for d in availability.days(expression=desks.place.opening_hours, start=start, end=end) if d.is_open]
    text = html.unescape(preview.content.decode())
    for plan in days:
        assert availability.date_label(plan.day) in text
    assert not Booking.objects.exists()
    with on_commit(execute=True):
        done = client.post(url, {**data, "confirm": "1"})
    booking = Booking.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("bookings:mine_detail", args=[booking.pk])
    assert booking.slot_count == 2 * len(days)
    assert mail.outbox[-1].to == [person.email]
    mine = html.unescape(client.get(reverse("bookings:mine")).content.decode())
    assert desks.place.name in mine


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_date": "", "length": "day"}, "Indiquez la date."),
        ({"start_date": "32/13/2026", "length": "day"}, "Saisissez une date valide"),
        ({"start_date": "2026-12-10", "length": "nuit"}, "Choisissez une des durées proposées."),
        ({"start_date": "2026-12-10", "length": "period"}, "Indiquez le dernier jour de la période."),
        ({"start_date": "2020-01-06", "length": "day"}, "déjà commencé ou passé"),
        ({"start_date": "2026-12-25", "length": "day"}, "jour férié (Noël)"),
        ({"start_date": "2026-12-12", "length": "am"}, "lieu fermé ce jour-là"),
        ({"start_date": "2026-12-14", "end_date": "2027-03-01", "length": "period"}, "31 jour(s) au plus"),
    ],
)
def test_bad_requests_are_refused_in_french_keeping_what_was_typed(client, desks, data, message):
    client.force_login(new_member())
    response = client.post(reverse("bookings:book", args=[desks.place.slug, desks.pk]), {**data, "confirm": "1"})
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert message in text
    assert 'class="error-summary"' in text
    if data["start_date"] and "/" not in data["start_date"]:
        assert f'value="{data["start_date"]}"' in text
    assert not Booking.objects.exists()


def test_someone_not_allowed_is_told_why_on_the_page(client, desks, plain_user):
    client.force_login(plain_user)
    url = reverse("bookings:book", args=[desks.place.slug, desks.pk])
    assert "membres actifs du réseau" in html.unescape(client.get(url).content.decode())
    response = client.post(url, {"start_date": open_day(desks).isoformat(), "length": "day", "confirm": "1"})
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_a_room_form_refuses_an_end_before_the_start(client, territory, manager):
    room = ResourceFactory(room=True)
    client.force_login(new_member())
    url = reverse("bookings:book", args=[room.place.slug, room.pk])
    response = client.post(url, {"start_date": open_day(room).isoformat(), "start_hour": "15", "end_hour": "10"})
    assert response.status_code == 400
    assert "L'heure de fin vient après l'heure de début." in html.unescape(response.content.decode())
    response = client.post(url, {"start_date": open_day(room).isoformat(), "start_hour": "abc", "end_hour": "99"})
    assert response.status_code == 400


def test_a_member_cancels_from_their_page(client, booking):
    client.force_login(booking.person)
    response = client.post(reverse("bookings:mine_cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not BookingSlot.objects.filter(booking=booking).exists()


def test_cancelling_someone_elses_booking_is_a_404(client, booking):
    client.force_login(new_member())
    assert client.post(reverse("bookings:mine_cancel", args=[booking.pk])).status_code == 404
    assert client.get(reverse("bookings:mine_cancel", args=[booking.pk])).status_code in (404, 405)


# --- The manager -----------------------------------------------------------------------------------------------------


def test_the_manager_approves_and_refuses_with_a_reason(client, desks, manager, on_commit):
    desks.requires_approval = True
    desks.save()
    first = booking_request(actor=new_member(), resource=desks, start_date=open_day(desks), half="am")
    second = booking_request(actor=new_member(), resource=desks, start_date=open_day(desks), half="pm")
    client.force_login(manager)
    slug = desks.place.slug
    calendar = html.unescape(
        client.get(reverse("bookings:calendar", args=[slug]) + f"?date={open_day(desks)}").content.decode()
    )
    assert "à valider" in calendar
    with on_commit(execute=True):
        client.post(reverse("bookings:manage_booking_decide", args=[slug, first.pk, "valider"]))
    first.refresh_from_db()
    assert first.status == BookingStatus.CONFIRMED
    empty = client.post(
        reverse("bookings:manage_booking_decide", args=[slug, second.pk, "refuser"]), {"refuse-reason": ""}
    )
    assert empty.status_code == 400
    assert "Indiquez le motif" in html.unescape(empty.content.decode())
    client.post(
        reverse("bookings:manage_booking_decide", args=[slug, second.pk, "refuser"]), {"refuse-reason": "Complet"}
    )
    second.refresh_from_db()
    assert (second.status, second.decision_reason) == (BookingStatus.REFUSED, "Complet")
    assert (
        client.post(reverse("bookings:manage_booking_decide", args=[slug, second.pk, "n-importe"])).status_code == 404
    )


def test_the_export_has_one_line_per_slot_with_paris_times(client, desks, manager):
    day = open_day(desks)
    booking_request(actor=new_member(), resource=desks, start_date=day)
    client.force_login(manager)
    response = client.get(reverse("bookings:export", args=[desks.place.slug]) + f"?mois={day:%Y-%m}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "reservation"
    assert [row[7] for row in rows[1:]] == ["matin", "après-midi"]
    assert rows[1][8].startswith(f"{day.isoformat()}T09:00+0")
    bad = client.get(reverse("bookings:export", args=[desks.place.slug]) + "?mois=n'importe")
    assert bad.status_code == 200


def test_a_booking_on_the_last_sunday_of_october_exports_its_hours(client, territory, manager):
    resource = ResourceFactory(place__opening_hours="24/7", room=True, min_notice_hours=0)
    resource.place.managers.add(manager)
    person = new_member()
    now = dt.datetime(2027, 10, 1, tzinfo=availability.PARIS)
    booking_request(
        actor=person, resource=resource, start_date=dt.date(2027, 10, 31), start_hour=1, end_hour=4, now=now
    )
    client.force_login(manager)
    response = client.get(reverse("bookings:export", args=[resource.place.slug]) + "?mois=2027-10")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [(row[8], row[9]) for row in rows] == [
        ("2027-10-31T01:00+02:00", "2027-10-31T02:00+02:00"),
        ("2027-10-31T02:00+02:00", "2027-10-31T03:00+01:00"),
        ("2027-10-31T03:00+01:00", "2027-10-31T04:00+01:00"),
    ]


def test_the_manager_adds_a_resource_and_bad_numbers_are_refused(client, desks, manager):
    client.force_login(manager)
    url = reverse("bookings:manage_resource_add", args=[desks.place.slug])
    data = {
        "kind": "office",
        "name": "Bureau 2",
        "capacity": "4",
        "who_may_book": "network",
        "min_notice_hours": "0",
        "longest_stay_days": "30",
        "cancellation_deadline_hours": "24",
        "price": "200 € le mois",
        "is_active": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "une seule unité" in html.unescape(refused.content.decode())
    for bad in ({"capacity": "abc"}, {"longest_stay_days": "9999"}, {"kind": "château"}):
        assert client.post(url, {**data, "capacity": "1", **bad}).status_code == 400
    unknown = client.post(url, {**data, "capacity": "1", "who_may_book": "list", "allowed_emails": "x@nulle.part"})
    assert "Aucun compte n'a ces adresses" in html.unescape(unknown.content.decode())
    assert client.post(url, {**data, "capacity": "1"}).status_code == 302
    assert Resource.objects.filter(place=desks.place, name="Bureau 2").exists()


def test_the_manager_sets_a_closure_and_it_blocks_bookings(client, desks, manager):
    client.force_login(manager)
    url = reverse("bookings:manage_closures", args=[desks.place.slug])
    day = open_day(desks, 20)
    wrong = client.post(url, {"start_date": day.isoformat(), "end_date": "2000-01-01", "reason": "Inventaire"})
    assert wrong.status_code == 400
    assert client.post(url, {"start_date": "abc", "end_date": "", "reason": ""}).status_code == 400
    assert (
        client.post(
            url, {"start_date": day.isoformat(), "end_date": day.isoformat(), "reason": "Inventaire"}
        ).status_code
        == 302
    )
    member = new_member()
    client.force_login(member)
    response = client.post(
        reverse("bookings:book", args=[desks.place.slug, desks.pk]), {"start_date": day.isoformat(), "length": "day"}
    )
    assert "fermeture : Inventaire" in html.unescape(response.content.decode())


# --- Query counts ----------------------------------------------------------------------------------------------------


def _fill(desks, count):
    day = open_day(desks)
    for n in range(count):
        start = day + dt.timedelta(days=7 * n)
        booking_request(
            actor=new_member(), resource=desks, start_date=open_day(desks, (start - timezone.localdate()).days)
        )


def test_the_calendar_and_the_lists_cost_the_same_with_more_bookings(
    client, desks, manager, staff_user, django_assert_max_num_queries
):
    _fill(desks, 2)
    pages = [
        reverse("bookings:calendar", args=[desks.place.slug]) + "?date=" + open_day(desks).isoformat(),
        reverse("bookings:export", args=[desks.place.slug]) + f"?mois={open_day(desks):%Y-%m}",
    ]
    client.force_login(manager)
    counts = {}
    for url in pages:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts[url] = len(captured)
    _fill(desks, 3)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
    client.force_login(staff_user)
    with django_assert_max_num_queries(40) as captured:
        client.get(reverse("bookings:staff_bookings"))
    before = len(captured)
    _fill(desks, 2)
    with django_assert_max_num_queries(before):
        client.get(reverse("bookings:staff_bookings"))


def test_my_bookings_cost_the_same_with_more_of_them(client, desks, django_assert_max_num_queries):
    person = new_member()
    day = open_day(desks)
    booking_request(actor=person, resource=desks, start_date=day)
    client.force_login(person)
    with django_assert_max_num_queries(40) as captured:
        client.get(reverse("bookings:mine"))
    before = len(captured)
    for n in (7, 14, 21):
        booking_request(actor=person, resource=desks, start_date=open_day(desks, (day - timezone.localdate()).days + n))
    with django_assert_max_num_queries(before):
        client.get(reverse("bookings:mine"))


def test_the_resource_form_offers_no_empty_type_choice():
    from solozere.bookings.forms import ResourceForm

    choices = [value for value, _label in ResourceForm().fields["kind"].choices]
    assert "" not in choices and len(choices) == 3
    assert "---------" not in str(ResourceForm()["kind"])


def test_the_day_calendar_costs_the_same_with_more_bookings_and_resources(
    client, desks, manager, django_assert_max_num_queries
):
    day = open_day(desks)
    booking_request(actor=new_member(), resource=desks, start_date=day, half="am")
    url = reverse("bookings:calendar", args=[desks.place.slug]) + f"?vue=jour&date={day.isoformat()}"
    client.force_login(manager)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    office = ResourceFactory(office=True, place=desks.place)
    for resource, half in [(desks, "am"), (desks, "pm"), (desks, "pm"), (office, "am"), (office, "pm")]:
        booking_request(actor=new_member(), resource=resource, start_date=day, half=half)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    links = {reverse("bookings:manage_booking", args=[desks.place.slug, b.pk]) for b in Booking.objects.all()}
    assert len(links) == 6 and all(link in page for link in links)


def test_the_resources_list_costs_the_same_with_more_resources(client, desks, manager, django_assert_max_num_queries):
    url = reverse("bookings:manage_resources", args=[desks.place.slug])
    client.force_login(manager)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _n in range(4):
        ResourceFactory(place=desks.place)
    ResourceFactory(office=True, place=desks.place, is_active=False)
    ResourceFactory(room=True, place=desks.place)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Salle Aubrac" in client.get(url).content.decode()


def test_the_closures_list_costs_the_same_with_more_closures(client, desks, manager, django_assert_max_num_queries):
    url = reverse("bookings:manage_closures", args=[desks.place.slug])
    start = open_day(desks, 30)
    Closure.objects.create(place=desks.place, start_date=start, end_date=start, reason="Travaux")
    client.force_login(manager)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(1, 6):
        day = start + dt.timedelta(days=7 * n)
        Closure.objects.create(place=desks.place, start_date=day, end_date=day, reason=f"Fermeture {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Fermeture 5" in client.get(url).content.decode()
