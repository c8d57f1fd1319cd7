"""The bookings API: a place's availability (public), a person's bookings with a personal token or the session
(with CSRF), the French refusals, and the query counts."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from solozere.accounts.api_tokens import api_token_create, api_token_revoke
from solozere.bookings import availability
from solozere.bookings.models import Booking, BookingSlot, Closure
from solozere.bookings.services import booking_request
from solozere.bookings.workflow import BookingStatus
from solozere.places.models import NetworkStatus
from tests.accounts.factories import UserFactory
from tests.bookings.conftest import new_member
from tests.bookings.factories import ResourceFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/bookings"
EVERY_DAY = "Mo-Su 09:00-12:00,14:00-18:00"


def availability_url(place, query: str = "") -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/places/{place.slug}/availability{query}"


def open_day(resource, after: int = 2) -> dt.date:  # type: ignore[no-untyped-def]
    """The first day from `after` days ahead when the place is open in the morning (weekday, not a holiday)."""
    day = timezone.localdate() + dt.timedelta(days=after)
    while not availability.day_plan(expression=resource.place.opening_hours, day=day).is_open:
        day += dt.timedelta(days=1)
    return day


def last_sunday(month: int) -> dt.date:
    """The next last Sunday of March or October (both have 31 days), a few days ahead at least."""
    year = timezone.localdate().year
    while True:
        end = dt.date(year, month, 31)
        sunday = end - dt.timedelta(days=(end.weekday() - 6) % 7)
        if sunday > timezone.localdate() + dt.timedelta(days=2):
            return sunday
        year += 1


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    return new_member(user__email="api@example.org")


@pytest.fixture
def token(person) -> str:  # type: ignore[no-untyped-def]
    return api_token_create(user=person, label="Script")[1]


def post_json(client: Client, url: str, data: object = None, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(url, data=data if data is not None else {}, content_type="application/json", **headers)


# --- Availability ---------------------------------------------------------------------------------------------------


def test_availability_lists_each_resource_day_and_slot_with_its_free_units(client, desks):
    monday = open_day(desks, after=7)
    monday -= dt.timedelta(days=monday.weekday())
    friday, saturday = monday + dt.timedelta(days=4), monday + dt.timedelta(days=5)
    booking_request(actor=new_member(), resource=desks, start_date=monday, half="am")
    booking_request(actor=new_member(), resource=desks, start_date=monday)
    Closure.objects.create(place=desks.place, start_date=friday, end_date=friday, reason="Travaux")

    response = client.get(availability_url(desks.place, f"?from={monday}&to={saturday}"))

    assert response.status_code == 200
    data = response.json()
    assert data["place"] == {
        "slug": desks.place.slug,
        "name": desks.place.name,
        "url": f"http://testserver{desks.place.get_absolute_url()}",
    }
    assert (data["start_date"], data["end_date"]) == (monday.isoformat(), saturday.isoformat())
    [resource] = data["resources"]
    assert resource["id"] == desks.pk
    assert resource["kind"] == {"code": "desk_pool", "label": "Postes en espace partagé"}
    assert resource["capacity"] == 3
    assert resource["granularity"] == "half_day"
    assert resource["book_url"] == f"http://testserver/lieux/{desks.place.slug}/reserver/{desks.pk}/"
    days = {day["date"]: day for day in resource["days"]}
    assert len(days) == 6
    first = days[monday.isoformat()]
    assert first["open"] is True
    assert first["closed_reason"] is None
    assert [(slot["code"], slot["free"]) for slot in first["slots"]] == [("am", 1), ("pm", 2)]
    assert first["slots"][0]["label"] == "matin (9 h\u201312 h)"
    assert first["slots"][0]["starts_at"].startswith(f"{monday.isoformat()}T09:00:00+0")
    assert [(slot["code"], slot["free"]) for slot in days[(monday + dt.timedelta(days=1)).isoformat()]["slots"]] == [
        ("am", 3),
        ("pm", 3),
    ]
    # Closed days are listed, with why.
    assert days[friday.isoformat()] == {
        "date": friday.isoformat(),
        "open": False,
        "closed_reason": "fermeture : Travaux",
        "slots": [],
    }
    assert days[saturday.isoformat()]["closed_reason"] == "lieu fermé ce jour-là"


def test_a_cancelled_booking_frees_its_unit_in_the_availability(client, desks):
    day = open_day(desks)
    person = new_member()
    booking = booking_request(actor=person, resource=desks, start_date=day, half="am")
    from solozere.bookings.services import booking_cancel

    booking_cancel(actor=person, booking=booking)
    [resource] = client.get(availability_url(desks.place, f"?from={day}&to={day}")).json()["resources"]

    assert resource["days"][0]["slots"][0]["free"] == 3


def test_availability_keeps_local_hours_across_the_change_to_summer_time(client, territory):
    sunday = last_sunday(3)
    desks = ResourceFactory(place=PlaceFactory(opening_hours=EVERY_DAY))
    room = ResourceFactory(room=True, place=PlaceFactory(opening_hours="Mo-Su 00:00-24:00"))
    saturday, tuesday = sunday - dt.timedelta(days=1), sunday + dt.timedelta(days=2)

    response = client.get(availability_url(desks.place, f"?from={saturday}&to={tuesday}"))

    assert response.status_code == 200
    days = response.json()["resources"][0]["days"]
    assert days[0]["open"] and days[1]["open"] and days[3]["open"]
    for day in days:  # Easter Monday may fall the next day: a closed day, listed with its reason
        if not day["open"]:
            assert day["closed_reason"].startswith("jour férié")
            continue
        offset = "+01:00" if day["date"] < sunday.isoformat() else "+02:00"
        assert (day["slots"][0]["starts_at"], day["slots"][0]["ends_at"]) == (
            f"{day['date']}T09:00:00{offset}",
            f"{day['date']}T12:00:00{offset}",
        )
    room_days = client.get(availability_url(room.place, f"?from={sunday}&to={sunday}")).json()["resources"][0]["days"]
    hours = room_days[0]["slots"]
    assert [slot["code"] for slot in hours[:3]] == ["00", "01", "03"]  # 02:00 does not exist that night
    assert len(hours) == 23
    assert (hours[1]["starts_at"], hours[1]["ends_at"]) == (f"{sunday}T01:00:00+01:00", f"{sunday}T03:00:00+02:00")
    assert hours[2]["starts_at"] == f"{sunday}T03:00:00+02:00"


def test_availability_keeps_local_hours_across_the_change_to_winter_time(client, territory):
    sunday = last_sunday(10)
    room = ResourceFactory(room=True, place=PlaceFactory(opening_hours="Mo-Su 00:00-24:00"))
    saturday = sunday - dt.timedelta(days=1)

    days = client.get(availability_url(room.place, f"?from={saturday}&to={sunday}")).json()["resources"][0]["days"]

    assert days[0]["slots"][9]["starts_at"] == f"{saturday}T09:00:00+02:00"
    hours = {slot["code"]: slot for slot in days[1]["slots"]}
    assert len(hours) == 24
    # 02:00 happens twice: one slot, two real hours long.
    assert (hours["02"]["starts_at"], hours["02"]["ends_at"]) == (
        f"{sunday}T02:00:00+02:00",
        f"{sunday}T03:00:00+01:00",
    )
    assert hours["09"]["starts_at"] == f"{sunday}T09:00:00+01:00"


def test_availability_defaults_to_the_next_two_weeks(client, desks):
    data = client.get(availability_url(desks.place)).json()

    today = timezone.localdate()
    assert data["start_date"] == today.isoformat()
    assert data["end_date"] == (today + dt.timedelta(days=13)).isoformat()
    assert len(data["resources"][0]["days"]) == 14


def test_a_place_without_resources_has_an_empty_availability(client, territory):
    place = PlaceFactory()

    response = client.get(availability_url(place))

    assert response.status_code == 200
    assert response.json()["resources"] == []


def test_an_inactive_resource_is_not_listed(client, desks):
    desks.is_active = False
    desks.save()

    assert client.get(availability_url(desks.place)).json()["resources"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-13-01", "« from » doit être une date au format AAAA-MM-JJ, par exemple 2026-12-03."),
        ("?from=03/12/2026", "« from » doit être une date au format AAAA-MM-JJ, par exemple 2026-12-03."),
        ("?to=20261203", "« to » doit être une date au format AAAA-MM-JJ, par exemple 2026-12-03."),
        ("?from={today}&from={today}", "« from » ne peut être donné qu'une fois."),
        ("?from={today}&to={yesterday}", "« to » est avant « from » : le dernier jour vient après le premier."),
        ("?from={today}&to={in_31_days}", "Au plus 31 jours à la fois : vous en demandez 32."),
        ("?from={in_two_years}", "« from » doit être à moins d'un an d'aujourd'hui, avant ou après."),
    ],
)
def test_bad_dates_are_refused_in_french(client, desks, query, message):
    today = timezone.localdate()
    query = query.format(
        today=today,
        yesterday=today - dt.timedelta(days=1),
        in_31_days=today + dt.timedelta(days=31),
        in_two_years=today + dt.timedelta(days=731),
    )

    response = client.get(availability_url(desks.place, query), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"message": "Les dates demandées sont invalides.", "errors": [message], "choices": []}


def test_thirty_one_days_are_accepted(client, desks):
    today = timezone.localdate()
    response = client.get(availability_url(desks.place, f"?from={today}&to={today + dt.timedelta(days=30)}"))

    assert response.status_code == 200
    assert len(response.json()["resources"][0]["days"]) == 31


def test_an_unknown_or_closed_place_has_no_availability(client, desks):
    assert client.get("/api/v1/places/nulle-part/availability").status_code == 404
    desks.place.status = NetworkStatus.CLOSED
    desks.place.save()

    response = client.get(availability_url(desks.place))

    assert response.status_code == 404
    assert response.json()["message"] == "Aucun lieu du réseau n'a cet identifiant."


def test_availability_queries_do_not_grow_with_days_resources_or_bookings(client, desks, django_assert_max_num_queries):
    day = open_day(desks)
    with django_assert_max_num_queries(4):
        assert client.get(availability_url(desks.place, f"?from={day}&to={day}")).status_code == 200

    for _number in range(3):
        ResourceFactory(place=desks.place)
    ResourceFactory(place=desks.place, room=True)
    for offset in range(10):
        booking_request(actor=new_member(), resource=desks, start_date=open_day(desks, after=2 + offset), half="am")
    Closure.objects.create(
        place=desks.place, start_date=day + dt.timedelta(days=20), end_date=day + dt.timedelta(days=22)
    )
    with django_assert_max_num_queries(4):
        response = client.get(availability_url(desks.place, f"?from={day}&to={day + dt.timedelta(days=30)}"))
    assert response.status_code == 200
    assert len(response.json()["resources"]) == 5


# --- Authentication -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", BOOKINGS), ("post", BOOKINGS), ("post", BOOKINGS + "/1/cancel")],
)
def test_without_credentials_the_personal_endpoints_answer_401_in_french(client, method, url):
    response = getattr(client, method)(url, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response.json()["message"].startswith("Authentification requise : envoyez un jeton d'API personnel")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_is_refused(client, person, token):
    assert client.get(BOOKINGS, **bearer(token)).status_code == 200
    api_token_revoke(user=person, token=person.api_tokens.get())

    response = client.get(BOOKINGS, **bearer(token))

    assert response.status_code == 401
    assert response.json()["message"] == "Ce jeton d'API est inconnu ou révoqué : créez-en un autre dans votre compte."


@pytest.mark.parametrize("header", ["Bearer slz_nimporte-quoi", "Bearer ", "Basic YTpi", "slz_sans-schema"])
def test_a_wrong_authorization_header_is_refused(client, header):
    response = client.get(BOOKINGS, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_the_token_of_an_account_switched_off_is_refused(client, person, token):
    person.is_active = False
    person.save()

    assert client.get(BOOKINGS, **bearer(token)).status_code == 401


def test_a_session_reads_without_csrf_but_books_only_with_it(desks, person):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    body = {"resource": desks.pk, "start_date": open_day(desks).isoformat(), "half": "am"}

    assert browser.get(BOOKINGS).status_code == 200
    refused = post_json(browser, BOOKINGS, body)
    assert refused.status_code == 403
    assert refused.json()["message"].startswith("Jeton CSRF absent ou invalide")
    assert not Booking.objects.exists()

    browser.get("/compte/jetons-api/")  # any page with a form sets the CSRF cookie
    accepted = post_json(browser, BOOKINGS, body, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert accepted.status_code == 201, accepted.json()
    booking = Booking.objects.get()
    assert booking.person == person
    cancelled = post_json(
        browser, f"{BOOKINGS}/{booking.pk}/cancel", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert cancelled.status_code == 200


def test_a_token_needs_no_csrf(desks, token):
    program = Client(enforce_csrf_checks=True)
    body = {"resource": desks.pk, "start_date": open_day(desks).isoformat()}

    response = post_json(program, BOOKINGS, body, **bearer(token))

    assert response.status_code == 201


def test_the_token_records_its_last_use(client, person, token):
    client.get(BOOKINGS, **bearer(token))

    assert person.api_tokens.get().last_used_at is not None


# --- Booking, listing, cancelling -----------------------------------------------------------------------------------


def test_a_person_books_lists_and_cancels_with_their_token(client, desks, person, token):
    day = open_day(desks)

    created = post_json(
        client, BOOKINGS, {"resource": desks.pk, "start_date": day.isoformat(), "note": "Merci"}, **bearer(token)
    )

    assert created.status_code == 201
    booking = created.json()
    row = Booking.objects.get()
    assert booking["id"] == row.pk
    assert booking["status"] == {"code": "confirmed", "label": "confirmée"}
    assert booking["mode"] == {"code": "day", "label": "journée"}
    assert booking["resource"] == {
        "id": desks.pk,
        "name": desks.name,
        "kind": {"code": "desk_pool", "label": "Postes en espace partagé"},
    }
    assert booking["place"]["slug"] == desks.place.slug
    assert [slot["code"] for slot in booking["slots"]] == ["am", "pm"]
    assert booking["slots"][0]["label"] == "matin (9 h\u201312 h)"
    assert booking["starts_at"].startswith(f"{day}T09:00:00+0")
    assert booking["note"] == "Merci"
    assert booking["may_cancel"] is True
    assert booking["links"] == {
        "page": f"http://testserver/reservations/{row.pk}/",
        "place": f"http://testserver{desks.place.get_absolute_url()}",
        "cancel": f"http://testserver/api/v1/bookings/{row.pk}/cancel",
    }
    assert booking["when"].startswith(availability.date_label(day))

    listed = client.get(BOOKINGS, **bearer(token))
    assert listed.status_code == 200
    assert "no-cache" in listed["Cache-Control"]
    assert listed.json() == {"upcoming": [booking], "past": []}

    cancelled = post_json(client, f"{BOOKINGS}/{row.pk}/cancel", **bearer(token))
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == {"code": "cancelled", "label": "annulée"}
    assert cancelled.json()["slots"] == []
    assert cancelled.json()["may_cancel"] is False
    assert cancelled.json()["links"]["cancel"] is None
    assert not BookingSlot.objects.exists()

    again = post_json(client, f"{BOOKINGS}/{row.pk}/cancel", **bearer(token))
    assert again.status_code == 409
    assert again.json()["message"]


def test_a_half_day_a_period_and_a_meeting_room(client, desks, token):
    day = open_day(desks)
    room = ResourceFactory(room=True, place=desks.place)
    half = post_json(client, BOOKINGS, {"resource": desks.pk, "start_date": str(day), "half": "pm"}, **bearer(token))
    period_start = open_day(desks, after=10)
    period = post_json(
        client,
        BOOKINGS,
        {"resource": desks.pk, "start_date": str(period_start), "end_date": str(period_start + dt.timedelta(days=6))},
        **bearer(token),
    )
    meeting = post_json(
        client,
        BOOKINGS,
        {"resource": room.pk, "start_date": str(day), "start_hour": 9, "end_hour": 11},
        **bearer(token),
    )

    assert half.status_code == period.status_code == meeting.status_code == 201
    assert half.json()["mode"]["code"] == "half_day"
    assert [slot["code"] for slot in half.json()["slots"]] == ["pm"]
    assert period.json()["mode"]["code"] == "period"
    assert len(period.json()["slots"]) == 10  # five weekdays, two halves each
    assert meeting.json()["mode"]["code"] == "hours"
    assert [slot["code"] for slot in meeting.json()["slots"]] == ["09", "10"]


def test_a_resource_needing_approval_is_requested(client, desks, token):
    desks.requires_approval = True
    desks.save()

    response = post_json(client, BOOKINGS, {"resource": desks.pk, "start_date": str(open_day(desks))}, **bearer(token))

    assert response.status_code == 201
    assert response.json()["status"] == {"code": "requested", "label": "en attente de validation"}


def test_a_full_slot_is_refused_with_the_french_reason(client, desks, token):
    office = ResourceFactory(office=True, place=desks.place)
    day = open_day(desks)
    booking_request(actor=new_member(), resource=office, start_date=day, half="am")

    response = post_json(
        client, BOOKINGS, {"resource": office.pk, "start_date": str(day), "half": "am"}, **bearer(token)
    )

    assert response.status_code == 409
    assert response.json() == {
        "message": f"Complet le {availability.date_label(day)} matin : il ne reste aucune place libre.",
        "errors": [],
        "choices": [],
    }
    assert Booking.objects.count() == 1


def test_the_rules_of_the_resource_refuse_with_their_french_reason(client, desks, token):
    closed = open_day(desks)
    while availability.day_plan(expression=desks.place.opening_hours, day=closed).is_open:
        closed += dt.timedelta(days=1)

    response = post_json(client, BOOKINGS, {"resource": desks.pk, "start_date": str(closed)}, **bearer(token))

    assert response.status_code == 409
    assert response.json()["message"].startswith(f"Impossible de réserver le {availability.date_label(closed)}")


def test_someone_who_may_not_book_is_told_why(client, desks):
    outsider = UserFactory()
    token = api_token_create(user=outsider, label="Script")[1]

    response = post_json(client, BOOKINGS, {"resource": desks.pk, "start_date": str(open_day(desks))}, **bearer(token))

    assert response.status_code == 403
    assert response.json()["message"].startswith("Réserver est ouvert aux membres actifs du réseau")
    assert not Booking.objects.exists()


def test_an_unknown_or_inactive_resource_is_a_404(client, desks, token):
    day = str(open_day(desks))
    assert post_json(client, BOOKINGS, {"resource": 999999, "start_date": day}, **bearer(token)).status_code == 404
    desks.is_active = False
    desks.save()

    response = post_json(client, BOOKINGS, {"resource": desks.pk, "start_date": day}, **bearer(token))

    assert response.status_code == 404
    assert response.json()["message"] == "Aucune ressource réservable n'a cet identifiant."


@pytest.mark.parametrize(
    ("body", "status", "errors"),
    [
        ({}, 422, ["« resource » est obligatoire.", "« start_date » est obligatoire."]),
        ({"resource": "12", "start_date": "{day}"}, 422, ["« resource » doit être un nombre entier."]),
        (
            {"resource": "{desks}", "start_date": "03/12/2026"},
            422,
            ["« start_date » doit être une date au format AAAA-MM-JJ."],
        ),
        (
            {"resource": "{desks}", "start_date": 1796000000},
            422,
            ["« start_date » doit être une date au format AAAA-MM-JJ."],
        ),
        (
            {"resource": "{desks}", "start_date": "{day}", "half": "soir"},
            422,
            ["« half » n'est pas une des valeurs permises."],
        ),
        ({"resource": "{desks}", "start_date": "{day}", "note": "x" * 501}, 422, ["« note » est trop long."]),
        (
            {"resource": "{desks}", "start_date": "{day}", "start_hour": 9, "end_hour": 10},
            400,
            [
                "« start_hour » et « end_hour » ne valent que pour une salle de réunion : donnez « half » ou « end_date »."
            ],
        ),
        (
            {"resource": "{room}", "start_date": "{day}", "half": "am", "start_hour": 9, "end_hour": 10},
            400,
            ["« half » ne vaut que pour un poste ou un bureau : une salle se réserve à l'heure."],
        ),
        (
            {"resource": "{desks}", "start_date": "9999-12-31"},
            400,
            ["« start_date » est à plus de deux ans d'aujourd'hui."],
        ),
    ],
)
def test_bad_bodies_are_refused_in_french_and_book_nothing(client, desks, token, body, status, errors):
    room = ResourceFactory(room=True, place=desks.place)
    values = {"{desks}": desks.pk, "{room}": room.pk, "{day}": str(open_day(desks))}
    body = {key: values.get(value, value) if isinstance(value, str) else value for key, value in body.items()}

    response = post_json(client, BOOKINGS, body, HTTP_ACCEPT_LANGUAGE="en", **bearer(token))

    assert response.status_code == status, response.json()
    assert response.json()["errors"] == errors
    assert not Booking.objects.exists()


def test_a_room_without_hours_is_refused_by_the_service(client, desks, token):
    room = ResourceFactory(room=True, place=desks.place)

    response = post_json(client, BOOKINGS, {"resource": room.pk, "start_date": str(open_day(desks))}, **bearer(token))

    assert response.status_code == 409
    assert response.json()["message"] == "Choisissez une heure de début et une heure de fin après elle."


def test_another_person_s_booking_is_not_found(client, desks, token):
    theirs = booking_request(actor=new_member(), resource=desks, start_date=open_day(desks), half="am")

    response = post_json(client, f"{BOOKINGS}/{theirs.pk}/cancel", **bearer(token))

    assert response.status_code == 404
    assert response.json()["message"] == "Vous n'avez aucune réservation avec cet identifiant."
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED
    assert client.get(BOOKINGS, **bearer(token)).json() == {"upcoming": [], "past": []}


def test_too_late_to_cancel_is_a_409_in_french(client, desks, person, token):
    desks.cancellation_deadline_hours = 24 * 365
    desks.save()
    booking = booking_request(actor=person, resource=desks, start_date=open_day(desks), half="am")

    listed = client.get(BOOKINGS, **bearer(token)).json()["upcoming"][0]
    response = post_json(client, f"{BOOKINGS}/{booking.pk}/cancel", **bearer(token))

    assert listed["may_cancel"] is False
    assert response.status_code == 409
    assert response.json()["message"].startswith("Le délai d'annulation est passé")


def test_a_cancel_id_that_is_not_a_number_is_a_422(client, token):
    response = post_json(client, f"{BOOKINGS}/abc/cancel", **bearer(token))

    assert response.status_code == 422
    assert response.json()["errors"] == ["« id » doit être un nombre entier."]


def test_the_list_splits_upcoming_and_past(client, desks, person, token):
    booking = booking_request(actor=person, resource=desks, start_date=open_day(desks), half="am")
    old = booking_request(actor=person, resource=desks, start_date=open_day(desks, after=3), half="pm")
    Booking.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3, hours=2), ends_at=timezone.now() - dt.timedelta(days=3)
    )

    data = client.get(BOOKINGS, **bearer(token)).json()

    assert [row["id"] for row in data["upcoming"]] == [booking.pk]
    assert [row["id"] for row in data["past"]] == [old.pk]
    assert data["past"][0]["may_cancel"] is False


def test_the_list_queries_do_not_grow_with_the_bookings(
    client, territory, person, token, django_assert_max_num_queries
):
    desks = ResourceFactory(place=PlaceFactory(opening_hours=EVERY_DAY), longest_stay_days=7)
    booking_request(actor=person, resource=desks, start_date=open_day(desks), half="am")
    # Token lookup, last use, upcoming, past, their slots.
    with django_assert_max_num_queries(5):
        assert len(client.get(BOOKINGS, **bearer(token)).json()["upcoming"]) == 1

    # Twelve two-day bookings, each starting after the one before ends (a holiday moves a start: never onto the
    # previous booking's last day).
    after = 6
    for _ in range(12):
        other_place = ResourceFactory(place=PlaceFactory(opening_hours=EVERY_DAY), longest_stay_days=7)
        start = open_day(other_place, after=after)
        booking_request(actor=person, resource=other_place, start_date=start, end_date=start + dt.timedelta(days=1))
        after = (start - timezone.localdate()).days + 2
    with django_assert_max_num_queries(5):
        response = client.get(BOOKINGS, **bearer(token))
    assert len(response.json()["upcoming"]) == 13


# --- The document ---------------------------------------------------------------------------------------------------


def test_the_openapi_document_describes_the_bookings_endpoints(client):
    document = client.get("/api/openapi.json").json()

    paths = document["paths"]
    availability_op = paths["/api/v1/places/{slug}/availability"]["get"]
    assert availability_op["tags"] == ["reservations"]
    assert "security" not in availability_op
    assert {param["name"] for param in availability_op["parameters"]} == {"slug", "from", "to"}
    assert "Les jours fermés sont listés" in availability_op["description"]
    for path, method in [(BOOKINGS, "get"), (BOOKINGS, "post"), ("/api/v1/bookings/{id}/cancel", "post")]:
        operation = paths[path][method]
        assert operation["tags"] == ["reservations"]
        assert operation["security"] == [{"PersonalToken": []}, {"SessionCookie": []}]
        assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
    assert set(paths[BOOKINGS]["post"]["responses"]) == {"201", "400", "401", "403", "404", "409", "422", "429"}
    schemes = document["components"]["securitySchemes"]
    assert schemes["PersonalToken"]["scheme"] == "bearer"
    assert schemes["SessionCookie"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": schemes["SessionCookie"]["description"],
    }
    assert "X-CSRFToken" in schemes["SessionCookie"]["description"]
    assert "jeton d'API" in document["info"]["description"]
    body = document["components"]["schemas"]["BookingIn"]
    assert body["required"] == ["resource", "start_date"]
