"""The use cases of registrations: seats, the waiting list and its offers, cancellations, confirmation by a visitor,
attendance, with the e-mails and their .ics."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from solozere.events.models import Registration, RegistrationLog
from solozere.events.services_registration import (
    CONFIRMATION_HOURS,
    RegistrationError,
    registration_accept,
    registration_cancel,
    registration_cancel_by_organiser,
    registration_confirm,
    registration_mark_attendance,
    registration_offer_round,
    registration_register,
    registration_request,
    registrations_event_cancelled,
)
from solozere.events.workflow import EventStatus, RegistrationStatus
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, QuestionFactory, in_days
from tests.events.registration_helpers import calendars, people, sent_to, site

pytestmark = pytest.mark.django_db


def _status(registration):
    registration.refresh_from_db()
    return registration.status


def test_a_signed_in_person_registers_in_one_click_and_gets_the_ics(plain_user, on_commit):
    where = site(capacity=3)
    with on_commit(execute=True):
        registration = registration_register(actor=plain_user, site=where)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.seat == 1
    assert registration.email == plain_user.email
    assert registration.name == plain_user.get_full_name()
    (message,) = sent_to(plain_user.email, subject="Inscription confirmée")
    (calendar,) = calendars(message)
    assert calendar["METHOD"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-registration-{registration.pk}@127.0.0.1"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("DTSTART") == where.event.starts_at


def test_seats_are_numbered_from_one_and_a_full_site_puts_people_on_the_waiting_list():
    where = site(capacity=2)
    first, second, third, fourth = (registration_register(actor=person, site=where) for person in people(4))
    assert [first.seat, second.seat] == [1, 2]
    assert third.status == fourth.status == RegistrationStatus.WAITING
    assert third.seat is None


def test_registering_twice_is_refused_in_french(member):
    where = site(capacity=5)
    registration_register(actor=member, site=where)
    other_site = site(capacity=5, event=where.event)
    with pytest.raises(RegistrationError, match="déjà inscrit"):
        registration_register(actor=member, site=other_site)
    assert Registration.objects.filter(event=where.event).count() == 1


@pytest.mark.parametrize(
    ("event_kwargs", "message"),
    [
        ({"cancelled": True}, "annulé"),
        ({"past": True}, "déjà commencé ou est passé"),
        ({"draft": True}, "pas encore publié"),
        ({"registration_open": False}, "closes"),
        ({"starts_at": in_days(0, 0)}, "déjà commencé"),
    ],
)
def test_a_cancelled_past_draft_or_closed_event_refuses_registrations(plain_user, event_kwargs, message):
    where = site(capacity=5, event=EventFactory(**event_kwargs))
    with pytest.raises(RegistrationError, match=message):
        registration_register(actor=plain_user, site=where)
    with pytest.raises(RegistrationError, match=message):
        registration_request(site=where, name="Anne", email="anne@example.org")
    assert not Registration.objects.exists()


def test_an_account_whose_address_is_not_confirmed_cannot_register_in_one_click():
    person = UserFactory(unverified=True)
    with pytest.raises(RegistrationError, match="Confirmez d'abord"):
        registration_register(actor=person, site=site())


def test_a_cancellation_offers_the_seat_to_the_first_in_line_who_holds_it(on_commit, settings):
    settings.EVENT_WAITLIST_OFFER_HOURS = 24
    where = site(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    waiting = [registration_register(actor=person, site=where) for person in (first, second)]
    now = timezone.now()
    with on_commit(execute=True):
        registration_cancel(registration=held, actor=holder, now=now)
    assert _status(held) == RegistrationStatus.CANCELLED
    offered = Registration.objects.get(pk=waiting[0].pk)
    assert offered.status == RegistrationStatus.OFFERED
    assert offered.seat == 1  # the offer holds the seat
    assert offered.offer_expires_at == now + dt.timedelta(hours=24)
    assert _status(waiting[1]) == RegistrationStatus.WAITING
    (offer_mail,) = sent_to(first.email, subject="Une place s'est libérée")
    assert offered.token in offer_mail.body
    (calendar,) = calendars(offer_mail)
    assert calendar.walk("VEVENT")[0]["STATUS"] == "TENTATIVE"
    (cancel_mail,) = sent_to(holder.email, subject="Inscription annulée")
    assert calendars(cancel_mail)[0]["METHOD"] == "CANCEL"
    # Someone new cannot take the offered seat: they join the line, behind the others.
    newcomer = registration_register(actor=UserFactory(), site=where)
    assert newcomer.status == RegistrationStatus.WAITING


def test_an_offer_that_lapses_goes_to_the_next_in_line(on_commit):
    where = site(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    one, two = (registration_register(actor=person, site=where) for person in (first, second))
    now = timezone.now()
    registration_cancel(registration=held, actor=holder, now=now)
    offered = Registration.objects.get(pk=one.pk)
    with on_commit(execute=True):
        result = registration_offer_round(site=where, now=offered.offer_expires_at + dt.timedelta(seconds=1))
    assert [r.pk for r in result.lapsed] == [one.pk]
    assert [r.pk for r in result.offered] == [two.pk]
    assert _status(one) == RegistrationStatus.LAPSED
    assert Registration.objects.get(pk=two.pk).seat == 1
    (lapsed_mail,) = sent_to(first.email, subject="Proposition expirée")
    assert calendars(lapsed_mail)[0]["METHOD"] == "CANCEL"
    assert sent_to(second.email, subject="Une place s'est libérée")


def test_accepting_an_offer_registers_and_an_expired_offer_is_refused(on_commit):
    where = site(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    one, two = (registration_register(actor=person, site=where) for person in (first, second))
    registration_cancel(registration=held, actor=holder)
    with on_commit(execute=True):
        accepted = registration_accept(registration=one)
    assert accepted.status == RegistrationStatus.REGISTERED
    assert accepted.seat == 1
    assert accepted.offer_expires_at is None
    (confirmed,) = sent_to(first.email, subject="Inscription confirmée")
    sequence_now = calendars(confirmed)[0].walk("VEVENT")[0]["SEQUENCE"]
    assert sequence_now >= 3  # join the line, offer, accept: each supersedes the one before

    registration_cancel(registration=accepted, actor=first)
    offered = Registration.objects.get(pk=two.pk)
    assert offered.status == RegistrationStatus.OFFERED
    with pytest.raises(RegistrationError, match="a expiré") as refused:
        registration_accept(registration=offered, now=offered.offer_expires_at)
    assert refused.value.code == "offer_expired"


def test_an_offer_never_runs_past_the_start_of_the_event(settings):
    settings.EVENT_WAITLIST_OFFER_HOURS = 24
    event = EventFactory(
        starts_at=timezone.now() + dt.timedelta(hours=5), ends_at=timezone.now() + dt.timedelta(hours=7)
    )
    where = site(capacity=1, event=event)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=where)
    waiting = registration_register(actor=waiter, site=where)
    registration_cancel(registration=held, actor=holder)
    assert Registration.objects.get(pk=waiting.pk).offer_expires_at == event.starts_at


def test_declining_an_offer_passes_it_on():
    where = site(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    one, two = (registration_register(actor=person, site=where) for person in (first, second))
    registration_cancel(registration=held, actor=holder)
    registration_cancel(registration=Registration.objects.get(pk=one.pk), actor=first)
    assert _status(one) == RegistrationStatus.CANCELLED
    assert _status(two) == RegistrationStatus.OFFERED


def test_a_visitor_is_held_nothing_until_they_confirm_their_address(on_commit):
    where = site(capacity=1)
    question = QuestionFactory(event=where.event)
    with on_commit(execute=True):
        request = registration_request(
            site=where, name="  Anne   Bès ", email="Anne@Example.org ", answers={str(question.pk): "Végétarienne"}
        )
    pending = request.registration
    assert request.outcome == "sent"
    assert pending.status == RegistrationStatus.PENDING
    assert pending.seat is None
    assert pending.email == "anne@example.org"
    assert pending.name == "Anne Bès"
    (message,) = sent_to("anne@example.org", subject="Confirmez votre inscription")
    assert f"/agenda/inscription/{pending.token}/confirmer/" in message.body
    assert f"{CONFIRMATION_HOURS} heures" in message.body
    # Someone signed in takes the only seat meanwhile: the visitor, confirming, is put on the waiting list.
    registration_register(actor=UserFactory(), site=where)
    with on_commit(execute=True):
        confirmed = registration_confirm(registration=pending)
    assert confirmed.status == RegistrationStatus.WAITING
    assert confirmed.answers == {str(question.pk): "Végétarienne"}
    assert sent_to("anne@example.org", subject="Liste d'attente")


def test_a_confirmation_link_expires_and_says_so(on_commit):
    where = site(capacity=3)
    pending = registration_request(site=where, name="Anne", email="anne@example.org").registration
    too_late = pending.created_at + dt.timedelta(hours=CONFIRMATION_HOURS)
    with pytest.raises(RegistrationError, match="a expiré") as refused:
        registration_confirm(registration=pending, now=too_late)
    assert refused.value.code == "expired"
    assert _status(pending) == RegistrationStatus.PENDING
    # Asking again after the expiry replaces the stale request with a new link.
    again = registration_request(site=where, name="Anne", email="anne@example.org", now=too_late)
    assert again.outcome == "sent"
    assert not Registration.objects.filter(pk=pending.pk).exists()


def test_a_visitor_asking_twice_gets_the_same_link_and_a_registered_one_their_own_link(on_commit):
    where = site(capacity=3)
    first = registration_request(site=where, name="Anne", email="anne@example.org").registration
    with on_commit(execute=True):
        second = registration_request(site=where, name="Anne B.", email="anne@example.org")
    assert second.outcome == "resent"
    assert second.registration.pk == first.pk
    assert second.registration.name == "Anne B."
    registration_confirm(registration=first)
    mail.outbox.clear()
    with on_commit(execute=True):
        third = registration_request(site=where, name="Quelqu'un", email="ANNE@example.org")
    assert third.outcome == "already"
    assert Registration.objects.filter(event=where.event).count() == 1
    (message,) = sent_to("anne@example.org", subject="déjà inscrit")
    assert first.token in message.body


def test_the_event_cancelled_cancels_every_live_registration_and_sends_a_cancel_ics(staff_user, on_commit):
    where = site(capacity=1)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=where)
    waiting = registration_register(actor=waiter, site=where)
    pending = registration_request(site=where, name="Anne", email="anne@example.org").registration
    where.event.status = EventStatus.CANCELLED
    where.event.save()
    mail.outbox.clear()
    with on_commit(execute=True):
        cancelled = registrations_event_cancelled(event=where.event, reason="La salle est inondée.", actor=staff_user)
    assert {r.pk for r in cancelled} == {held.pk, waiting.pk, pending.pk}
    assert {_status(r) for r in (held, waiting, pending)} == {RegistrationStatus.CANCELLED}
    assert Registration.objects.filter(seat__isnull=False).count() == 0
    for person in (holder, waiter):
        (message,) = sent_to(person.email, subject="Événement annulé")
        assert "La salle est inondée." in message.body
        assert calendars(message)[0]["METHOD"] == "CANCEL"
    assert sent_to("anne@example.org") == []  # never confirmed: not written to
    assert RegistrationLog.objects.filter(action="event_cancelled", actor=staff_user).count() == 3


def test_an_organiser_cancels_with_a_reason_the_person_receives(staff_user, on_commit):
    where = site(capacity=1)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=where)
    waiting = registration_register(actor=waiter, site=where)
    with pytest.raises(RegistrationError, match="motif"):
        registration_cancel_by_organiser(actor=staff_user, registration=held, reason="  ")
    with pytest.raises(RegistrationError, match="organisateurs"):
        registration_cancel_by_organiser(actor=waiter, registration=held, reason="Je veux sa place")
    with on_commit(execute=True):
        registration_cancel_by_organiser(actor=staff_user, registration=held, reason="Inscrit deux fois.")
    (message,) = sent_to(holder.email, subject="annulée par l'organisateur")
    assert "Inscrit deux fois." in message.body
    assert _status(waiting) == RegistrationStatus.OFFERED


def test_the_registrant_cannot_cancel_once_the_event_has_begun(plain_user):
    registration = registration_register(actor=plain_user, site=site())
    with pytest.raises(RegistrationError, match="a commencé"):
        registration_cancel(registration=registration, now=registration.event.starts_at)


def test_attendance_is_marked_from_the_day_of_the_event_by_its_organisers(staff_user, plain_user):
    registration = registration_register(actor=plain_user, site=site())
    start = registration.event.starts_at
    with pytest.raises(RegistrationError, match="à partir du jour"):
        registration_mark_attendance(
            actor=staff_user, registration=registration, attended=True, now=start - dt.timedelta(days=1)
        )
    with pytest.raises(RegistrationError, match="organisateurs"):
        registration_mark_attendance(actor=plain_user, registration=registration, attended=True, now=start)
    marked = registration_mark_attendance(actor=staff_user, registration=registration, attended=True, now=start)
    assert marked.attended is True
    assert marked.attendance_marked_at == start
    waiting = registration_register(actor=UserFactory(), site=site(capacity=1, event=registration.event))
    registration_register(actor=UserFactory(), site=waiting.site)
    queued = Registration.objects.get(status=RegistrationStatus.WAITING)
    with pytest.raises(RegistrationError, match="Seules les personnes inscrites"):
        registration_mark_attendance(actor=staff_user, registration=queued, attended=True, now=start)


def test_each_site_has_its_own_capacity_and_line():
    event = EventFactory()
    mende, florac = site(capacity=1, event=event), site(capacity=1, event=event)
    a, b, c = people(3)
    assert registration_register(actor=a, site=mende).status == RegistrationStatus.REGISTERED
    assert registration_register(actor=b, site=florac).status == RegistrationStatus.REGISTERED
    assert registration_register(actor=c, site=mende).status == RegistrationStatus.WAITING
    assert Registration.objects.get(user=b).seat == 1  # its own numbering


def test_a_capacity_lowered_under_a_held_seat_number_lets_nobody_more_in(territory):
    from solozere.events.services_registration import registration_register
    from solozere.events.workflow import RegistrationStatus
    from tests.accounts.factories import UserFactory
    from tests.events.factories import EventSiteFactory, RegistrationFactory

    site = EventSiteFactory(capacity=5)
    for seat in (1, 3, 4, 5):
        RegistrationFactory(site=site, seat=seat)
    site.capacity = 4
    site.save()
    late = registration_register(actor=UserFactory(), site=site)
    assert (late.status, late.seat) == (RegistrationStatus.WAITING, None)
