"""The waiting list through HTTP: the booking page offers it when full, joining, the entry page for every role,
taking or leaving an offer, what the place's managers see."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from solozere.bookings.models import Booking, WaitlistEntry, WaitlistStatus
from solozere.bookings.services import booking_cancel, booking_request
from solozere.bookings.services_waitlist import waitlist_join
from tests.bookings.conftest import new_member
from tests.bookings.factories import ResourceFactory
from tests.bookings.test_views import open_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(territory, manager):  # type: ignore[no-untyped-def]
    resource = ResourceFactory(office=True)
    resource.place.managers.add(manager)
    return resource


@pytest.fixture
def day(office):  # type: ignore[no-untyped-def]
    return open_day(office)


@pytest.fixture
def holder(office, day):  # type: ignore[no-untyped-def]
    person = new_member()
    booking_request(actor=person, resource=office, start_date=day, half="am")
    return person


@pytest.fixture
def entry(office, day, holder):  # type: ignore[no-untyped-def]
    return waitlist_join(actor=new_member(), resource=office, start_date=day, half="am")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_a_full_slot_offers_the_waiting_list_and_joining_keeps_the_request(client, office, day, holder):
    person = new_member()
    client.force_login(person)
    url = reverse("bookings:book", args=[office.place.slug, office.pk])
    data = {"start_date": day.isoformat(), "length": "am", "note": "Arrivée vers 9 h 30", "confirm": "1"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    page = _text(refused)
    assert "il ne reste aucune place" in page
    join_url = reverse("bookings:waitlist_join", args=[office.place.slug, office.pk])
    assert join_url in page
    assert 'value="Arrivée vers 9 h 30"' in page  # nothing typed is lost
    joined = client.post(join_url, data)
    entry = WaitlistEntry.objects.get()
    assert joined["Location"] == reverse("bookings:waitlist_detail", args=[entry.pk])
    assert (entry.person, entry.start_date, entry.half, entry.note) == (person, day, "am", "Arrivée vers 9 h 30")
    detail = _text(client.get(joined["Location"]))
    assert "n° 1 sur la liste de ce jour" in detail
    assert "Quitter la liste d'attente" in detail
    mine = _text(client.get(reverse("bookings:mine")))
    assert "Listes d'attente" in mine
    assert office.name in mine


def test_a_free_slot_is_not_offered_the_waiting_list(client, office, day):
    client.force_login(new_member())
    url = reverse("bookings:book", args=[office.place.slug, office.pk])
    page = _text(client.get(url))
    assert reverse("bookings:waitlist_join", args=[office.place.slug, office.pk]) not in page
    response = client.post(
        reverse("bookings:waitlist_join", args=[office.place.slug, office.pk]),
        {"start_date": day.isoformat(), "length": "am"},
    )
    assert response.status_code == 400
    assert "réservez-le directement" in _text(response)
    assert not WaitlistEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_date": "31/02/2026", "length": "am"}, "Saisissez une date valide"),
        ({"start_date": "", "length": "am"}, "Indiquez la date"),
        ({"length": "nimporte"}, "Choisissez une des durées proposées"),
    ],
)
def test_bad_input_to_join_is_told_in_french(client, office, holder, data, message):
    client.force_login(new_member())
    response = client.post(reverse("bookings:waitlist_join", args=[office.place.slug, office.pk]), data)
    assert response.status_code == 400
    assert message in _text(response)


def test_visitors_are_sent_to_log_in(client, entry, office):
    urls = [reverse("bookings:waitlist_detail", args=[entry.pk])]
    posts = [
        reverse("bookings:waitlist_accept", args=[entry.pk]),
        reverse("bookings:waitlist_leave", args=[entry.pk]),
        reverse("bookings:waitlist_join", args=[office.place.slug, office.pk]),
    ]
    for url in urls:
        assert "/compte/" in client.get(url)["Location"]
    for url in posts:
        assert "/compte/" in client.post(url)["Location"]


@pytest.mark.parametrize("who", ["member", "manager", "other_manager", "company_representative", "staff_user"])
def test_only_the_person_in_line_opens_their_entry(client, entry, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("bookings:waitlist_detail", args=[entry.pk])).status_code == 404
    assert client.post(reverse("bookings:waitlist_accept", args=[entry.pk])).status_code == 404
    assert client.post(reverse("bookings:waitlist_leave", args=[entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING


def test_the_offer_link_of_the_email_books_the_seat(client, entry, holder, on_commit):
    with on_commit(execute=True):
        booking_cancel(actor=holder, booking=holder.bookings.get())
    offer = next(m for m in mail.outbox if "libérée" in m.subject)
    link = offer.body.split("http://127.0.0.1:8000")[1].split()[0]
    client.force_login(entry.person)
    page = _text(client.get(link))
    assert "Une place s'est libérée" in page
    assert "Réserver cette place" in page
    assert "Laisser la place à quelqu'un d'autre" in page
    with on_commit(execute=True):
        done = client.post(reverse("bookings:waitlist_accept", args=[entry.pk]))
    booking = Booking.objects.get(person=entry.person)
    assert done["Location"] == reverse("bookings:mine_detail", args=[booking.pk])
    assert "confirmée" in mail.outbox[-1].subject
    assert mail.outbox[-1].attachments  # the .ics
    # Accepting twice says why instead of failing.
    again = client.post(reverse("bookings:waitlist_accept", args=[entry.pk]), follow=True)
    assert "expiré" in _text(again)


def test_leaving_the_line_from_the_page(client, entry):
    client.force_login(entry.person)
    response = client.post(reverse("bookings:waitlist_leave", args=[entry.pk]), follow=True)
    assert "Vous avez quitté la liste d'attente" in _text(response)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.LEFT


def test_the_managers_see_who_is_in_line_in_the_calendar(client, entry, manager, day):
    client.force_login(manager)
    page = _text(client.get(reverse("bookings:calendar", args=[entry.resource.place.slug]) + f"?date={day}"))
    assert "Listes d'attente de la période" in page
    assert entry.person.get_full_name() in page


def test_my_bookings_costs_the_same_with_more_entries(client, office, day, holder, django_assert_max_num_queries):
    person = new_member()
    client.force_login(person)
    waitlist_join(actor=person, resource=office, start_date=day, half="am")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("bookings:mine"))
    for _ in range(5):
        other = ResourceFactory(office=True, place=office.place)
        booking_request(actor=new_member(), resource=other, start_date=day, half="am")
        waitlist_join(actor=person, resource=other, start_date=day, half="am")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("bookings:mine"))
