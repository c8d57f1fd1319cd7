"""What an organiser's edit tells the registrants: a new time, place, address or link is e-mailed to the people it
concerns, with the new .ics; a site given more seats offers them to its waiting list at once."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from solozere.events.models import Registration
from solozere.events.services import SiteData, event_update
from solozere.events.services_registration import event_when, registration_register, registration_request
from solozere.events.workflow import RegistrationStatus
from tests.events.factories import EventSiteFactory, RegistrationFactory
from tests.events.registration_helpers import calendars, people, sent_to, site

pytestmark = pytest.mark.django_db

CHANGED = "Changement d'horaire ou de lieu"


def _as_is(where, **overrides):
    """The site `where` as the organiser's form gives it back, with `overrides`."""
    data = {
        "kind": where.kind,
        "capacity": where.capacity,
        "place": where.place,
        "address": where.address,
        "commune": where.commune,
        "online_url": where.online_url,
    } | overrides
    return SiteData(**data)


def _an_hour_later(event):
    return {"starts_at": event.starts_at + dt.timedelta(hours=1), "ends_at": event.ends_at + dt.timedelta(hours=1)}


def test_a_new_time_is_told_to_the_registered_with_a_new_ics_and_to_the_waiting_list_without(staff_user, on_commit):
    where = site(capacity=1)
    holder, waiter = people(2)
    with on_commit(execute=True):
        held = registration_register(actor=holder, site=where)
    waiting = registration_register(actor=waiter, site=where)
    registration_request(site=where, name="Anne", email="anne@example.org")  # never confirmed
    gone = RegistrationFactory(site=where, status=RegistrationStatus.CANCELLED, seat=None, email="parti@example.org")
    (confirmed,) = sent_to(holder.email, subject="Inscription confirmée")
    sequence_before = calendars(confirmed)[0].walk("VEVENT")[0]["SEQUENCE"]
    when_before = event_when(where.event)
    with on_commit(execute=True):
        event = event_update(
            actor=staff_user, event=where.event, fields=_an_hour_later(where.event), sites=[_as_is(where)]
        )
    (message,) = sent_to(holder.email, subject=CHANGED)
    assert f"Nouvel horaire : {event_when(event)}" in message.body
    assert when_before in message.body
    (calendar,) = calendars(message)
    assert calendar["METHOD"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent["SEQUENCE"] > sequence_before
    assert held.token in message.body
    (to_waiter,) = sent_to(waiter.email, subject=CHANGED)
    assert calendars(to_waiter) == []
    assert "liste d'attente (n° 1)" in to_waiter.body
    assert waiting.token in to_waiter.body
    assert sent_to("anne@example.org", subject=CHANGED) == []
    assert sent_to(gone.email) == []


def test_a_new_summary_or_description_tells_nobody(staff_user, on_commit):
    where = site(capacity=3)
    (holder,) = people(1)
    registration_register(actor=holder, site=where)
    with on_commit(execute=True):
        event = event_update(
            actor=staff_user,
            event=where.event,
            fields={"summary": "Une autre phrase.", "description": "Corrigé : café et croissants."},
            sites=[_as_is(where)],
        )
    assert event.sequence == 0
    assert sent_to(holder.email, subject=CHANGED) == []


def test_a_draft_tells_nobody(staff_user, on_commit):
    where = site(capacity=3, event__draft=True)
    RegistrationFactory(site=where, email="inscrit@example.org")  # cannot happen: a draft takes none
    with on_commit(execute=True):
        event_update(actor=staff_user, event=where.event, fields=_an_hour_later(where.event), sites=[_as_is(where)])
    assert sent_to("inscrit@example.org") == []


def test_a_new_address_is_told_to_the_people_of_that_site_only(staff_user, on_commit):
    hall = site(capacity=5, address_site=True)
    visio = site(capacity=5, online=True, event=hall.event)
    there, online = people(2)
    registration_register(actor=there, site=hall)
    registration_register(actor=online, site=visio)
    with on_commit(execute=True):
        event_update(
            actor=staff_user,
            event=hall.event,
            fields={},
            sites=[_as_is(hall, address="Foyer rural, Aumont-Aubrac"), _as_is(visio)],
        )
    (message,) = sent_to(there.email, subject=CHANGED)
    assert "Nouveau lieu : Foyer rural, Aumont-Aubrac" in message.body
    assert "Horaire, inchangé" in message.body
    assert calendars(message)[0].walk("VEVENT")[0]["LOCATION"] == "Foyer rural, Aumont-Aubrac"
    assert sent_to(online.email, subject=CHANGED) == []


def test_a_new_link_goes_to_the_registered_not_to_the_waiting_list(staff_user, on_commit):
    visio = site(capacity=1, online=True)
    holder, waiter = people(2)
    registration_register(actor=holder, site=visio)
    registration_register(actor=waiter, site=visio)
    with on_commit(execute=True):
        event_update(
            actor=staff_user,
            event=visio.event,
            fields={},
            sites=[_as_is(visio, online_url="https://visio.example/nouvelle-salle")],
        )
    (message,) = sent_to(holder.email, subject=CHANGED)
    assert (
        "Nouveau lien de connexion (réservé aux inscrits, ne le diffusez pas) : https://visio.example/nouvelle-salle"
        in (message.body)
    )
    assert sent_to(waiter.email, subject=CHANGED) == []


def test_nothing_is_sent_when_the_edit_is_rolled_back(staff_user, on_commit):
    where = site(capacity=3)
    (holder,) = people(1)
    registration_register(actor=holder, site=where)
    with on_commit(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        event_update(actor=staff_user, event=where.event, fields=_an_hour_later(where.event), sites=[_as_is(where)])
        raise RuntimeError("the rest of the request failed")
    assert sent_to(holder.email, subject=CHANGED) == []


def test_the_organiser_moving_the_event_on_its_page_tells_the_registrants(client, staff_user, on_commit):
    where = EventSiteFactory(capacity=5)
    (holder,) = people(1)
    registration_register(actor=holder, site=where)
    client.force_login(staff_user)
    page = client.get(reverse("events:edit", args=[where.event.slug]))
    form, sites = page.context["form"], page.context["sites"]
    data = {
        "title": form["title"].value(),
        "kind": form["kind"].value(),
        "summary": form["summary"].value(),
        "day": form["day"].value().isoformat(),
        "start_time": "14:00",
        "end_time": "16:00",
        "registration_open": "on",
        **{f"sites-{k}": v for k, v in sites.management_form.initial.items()},
        "sites-0-kind": "place",
        "sites-0-place": str(where.place_id),
        "sites-0-capacity": "5",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    with on_commit(execute=True):
        response = client.post(reverse("events:edit", args=[where.event.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (message,) = sent_to(holder.email, subject=CHANGED)
    assert "14\u00a0h \u2013 16\u00a0h" in message.body


# A site given more seats -----------------------------------------------------------------------------------------


def test_a_raised_capacity_offers_the_new_seat_to_the_first_in_line_at_once(staff_user, on_commit):
    where = site(capacity=1)
    holder, first, second = people(3)
    registration_register(actor=holder, site=where)
    one, two = (registration_register(actor=person, site=where) for person in (first, second))
    with on_commit(execute=True):
        event_update(actor=staff_user, event=where.event, fields={}, sites=[_as_is(where, capacity=2)])
    offered = Registration.objects.get(pk=one.pk)
    assert (offered.status, offered.seat) == (RegistrationStatus.OFFERED, 2)
    assert offered.offer_expires_at is not None
    assert len(sent_to(first.email, subject="Une place s'est libérée")) == 1
    assert Registration.objects.get(pk=two.pk).status == RegistrationStatus.WAITING
    assert sent_to(second.email) == []
    assert sent_to(holder.email, subject=CHANGED) == []  # a capacity is not a change of time or place
