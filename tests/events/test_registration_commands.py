"""The periodic commands of registrations on a fixed clock (`--today`, `--now`): the waiting-list offers, the reminders
of the day before, the purge; each a dry run unless `--wet-run`. Also the person's data (export, account deletion)
and their private feed."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from solozere.accounts.feeds import feed_token_reset, feed_url
from solozere.accounts.personal_data import account_delete, personal_data_export
from solozere.events.models import Registration
from solozere.events.services_registration import (
    CONFIRMATION_HOURS,
    registration_cancel,
    registration_register,
    registration_request,
)
from solozere.events.workflow import RegistrationStatus
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventSiteFactory, QuestionFactory, RegistrationFactory
from tests.events.registration_helpers import calendars, people, sent_to

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def _paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


# --- offer_event_waiting_list -----------------------------------------------------------------------------------


def _line_of_three():
    where = EventSiteFactory(capacity=1)
    holder, first, second = people(3)
    held = registration_register(actor=holder, site=where)
    one = registration_register(actor=first, site=where)
    two = registration_register(actor=second, site=where)
    registration_cancel(registration=held, actor=holder)
    return where, Registration.objects.get(pk=one.pk), two


def test_the_offer_command_is_a_dry_run_by_default_and_lapses_then_offers_with_wet_run(on_commit):
    _where, one, two = _line_of_three()
    later = (one.offer_expires_at + dt.timedelta(minutes=5)).isoformat()
    output = _run("offer_event_waiting_list", "--now", later)
    assert f"[essai] expirée : inscription n° {one.pk}" in output
    assert f"[essai] proposée : inscription n° {two.pk}" in output
    assert "essai : rien n'est fait" in output
    one.refresh_from_db()
    assert one.status == RegistrationStatus.OFFERED
    with on_commit(execute=True):
        output = _run("offer_event_waiting_list", "--wet-run", "--now", later)
    assert "1 proposition(s) faite(s), 1 proposition(s) expirée(s)" in output
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == (RegistrationStatus.LAPSED, RegistrationStatus.OFFERED)
    assert sent_to(two.email, subject="Une place s'est libérée")
    # Run again at the same moment: nothing more to do.
    assert "0 proposition(s) faite(s), 0 proposition(s) expirée(s)" in _run(
        "offer_event_waiting_list", "--wet-run", "--now", later
    )


def test_the_offer_command_refuses_a_moment_without_its_zone():
    with pytest.raises(CommandError, match="fuseau"):
        _run("offer_event_waiting_list", "--now", "2026-10-12T09:00:00")
    with pytest.raises(CommandError, match="ISO 8601"):
        _run("offer_event_waiting_list", "--now", "demain")


def test_a_24_hour_offer_made_the_day_before_the_change_of_time_lasts_24_hours(settings):
    """Added in elapsed time: the offer made on Saturday 9 h (summer time) lapses on Sunday 8 h (winter time)."""
    settings.EVENT_WAITLIST_OFFER_HOURS = 24
    event = EventFactory(starts_at=_paris(2026, 10, 30, 9), ends_at=_paris(2026, 10, 30, 11))
    where = EventSiteFactory(event=event, capacity=1)
    holder, waiter = people(2)
    held = registration_register(actor=holder, site=where, now=_paris(2026, 10, 20, 9))
    waiting = registration_register(actor=waiter, site=where, now=_paris(2026, 10, 20, 9))
    registration_cancel(registration=held, actor=holder, now=_paris(2026, 10, 24, 9))
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == _paris(2026, 10, 25, 8)


# --- send_event_reminders ----------------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_with_the_ics(on_commit):
    event = EventFactory(starts_at=_paris(2026, 3, 29, 9), ends_at=_paris(2026, 3, 29, 11))  # the change of time
    where = EventSiteFactory(event=event, capacity=5)
    person, other = people(2)
    registration = registration_register(actor=person, site=where, now=_paris(2026, 3, 1, 9))
    waiting_event = EventFactory(starts_at=_paris(2026, 3, 29, 14), ends_at=_paris(2026, 3, 29, 16))
    registration_register(actor=other, site=EventSiteFactory(event=waiting_event, capacity=1), now=_paris(2026, 3, 1))
    registration_register(actor=person, site=waiting_event.sites.get(), now=_paris(2026, 3, 1))  # waiting: none
    mail.outbox.clear()
    assert "[essai]" in _run("send_event_reminders", "--today", "2026-03-28")
    assert mail.outbox == []
    assert "0 rappel" in _run("send_event_reminders", "--today", "2026-03-27")
    with on_commit(execute=True):
        output = _run("send_event_reminders", "--wet-run", "--today", "2026-03-28")
    assert "2 rappel(s) d'événement envoyé(s)" in output
    (message,) = sent_to(person.email, subject="Rappel")
    (calendar,) = calendars(message)
    vevent = calendar.walk("VEVENT")[0]
    assert vevent.decoded("DTSTART") == _paris(2026, 3, 29, 9)
    assert "TZID=Europe/Paris:20260329T090000" in calendar.to_ical().decode()
    registration.refresh_from_db()
    assert registration.reminded_at is not None
    with on_commit(execute=True):
        assert "0 rappel" in _run("send_event_reminders", "--wet-run", "--today", "2026-03-28")


# --- purge_event_registrations ---------------------------------------------------------------------------------


def test_the_purge_erases_the_data_a_stated_time_after_the_event_and_deletes_unconfirmed_requests(settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 180
    event = EventFactory(past=True)
    where = EventSiteFactory(event=event, capacity=5)
    question = QuestionFactory(event=event)
    person = UserFactory()
    Registration.objects.filter(pk__in=[]).delete()
    registration = Registration.objects.create(
        event=event,
        site=where,
        user=person,
        name="Anne Bès",
        email="anne@example.org",
        status=RegistrationStatus.REGISTERED,
        seat=1,
        answers={str(question.pk): "Végétarienne"},
        attended=True,
        confirmed_at=event.starts_at,
    )
    old_token = registration.token
    upcoming = EventSiteFactory(capacity=5)
    stale = registration_request(site=upcoming, name="Lent", email="lent@example.org").registration
    Registration.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=CONFIRMATION_HOURS + 1)
    )
    fresh = registration_request(site=upcoming, name="Vif", email="vif@example.org").registration
    output = _run("purge_event_registrations", "--wet-run")
    assert f"supprimée : demande n° {stale.pk}" in output
    assert not Registration.objects.filter(pk=stale.pk).exists()
    assert Registration.objects.filter(pk=fresh.pk).exists()  # its link still runs
    ended = timezone.localtime(event.ends_at).date()
    too_soon = (ended + dt.timedelta(days=179)).isoformat()
    assert "0 inscription(s) effacée(s)" in _run("purge_event_registrations", "--wet-run", "--today", too_soon)
    output = _run("purge_event_registrations", "--today", (ended + dt.timedelta(days=181)).isoformat())
    assert "[essai] effacées : 1 inscription(s)" in output
    registration.refresh_from_db()
    assert registration.name == "Anne Bès"
    output = _run("purge_event_registrations", "--wet-run", "--today", (ended + dt.timedelta(days=181)).isoformat())
    assert "1 inscription(s) effacée(s) (180 jours après l'événement)" in output
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.answers, registration.user) == ("", "", {}, None)
    assert registration.purged_at is not None
    assert (registration.status, registration.attended) == (RegistrationStatus.REGISTERED, True)
    assert registration.token != old_token  # the private link dies with the data


# --- Personal data and the private feed ---------------------------------------------------------------------------


def test_the_export_holds_the_registrations_and_their_answers(plain_user):
    where = EventSiteFactory()
    question = QuestionFactory(event=where.event, label="Régime alimentaire ?")
    registration_register(actor=plain_user, site=where, answers={str(question.pk): "Sans gluten"})
    data = personal_data_export(user=plain_user)["event_registrations"]
    assert data[0]["event"] == where.event.title
    assert data[0]["answers"] == {"Régime alimentaire ?": "Sans gluten"}
    assert "events.registration.user" not in personal_data_export(user=plain_user)["other"]


def test_the_export_holds_the_visitors_registrations_made_with_the_confirmed_address():
    """« Mes inscriptions » shows them as the person's: the export too; never another address's, nor an unconfirmed
    one's."""
    confirmed = UserFactory(email="camille@example.org")
    unconfirmed = UserFactory(email="dominique@example.org", unverified=True)
    RegistrationFactory(email="camille@example.org", site__event__title="Rencontre à Florac")
    RegistrationFactory(email="dominique@example.org", site__event__title="Rencontre à Langogne")
    RegistrationFactory(email="quelquun@example.org")
    assert [row["event"] for row in personal_data_export(user=confirmed)["event_registrations"]] == [
        "Rencontre à Florac"
    ]
    assert personal_data_export(user=unconfirmed)["event_registrations"] == []


def test_deleting_the_account_cancels_upcoming_registrations_and_hands_the_seat_on(on_commit):
    where = EventSiteFactory(capacity=1)
    leaving, waiter = people(2)
    held = registration_register(actor=leaving, site=where)
    waiting = registration_register(actor=waiter, site=where)
    with on_commit(execute=True):
        account_delete(user=leaving)
    held.refresh_from_db()
    assert held.status == RegistrationStatus.CANCELLED
    assert (held.name, held.email, held.user) == ("", "", None)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED


def test_the_private_feed_holds_the_persons_registrations(client, plain_user):
    where = EventSiteFactory(online=True, capacity=1)
    registration = registration_register(actor=plain_user, site=where)
    token = feed_token_reset(user=plain_user, purpose="event-registrations")
    response = client.get(feed_url(token).split("127.0.0.1:8000", 1)[-1])
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-registration-{registration.pk}@127.0.0.1"
    assert where.online_url in str(vevent["DESCRIPTION"])
    assert reverse("events:registration_private", args=[registration.token]) in str(vevent["URL"])


def test_the_sequence_grows_with_the_event_and_with_each_step(plain_user):
    where = EventSiteFactory(capacity=3)
    registration = registration_register(actor=plain_user, site=where)
    from solozere.events.calendar_registration import registration_calendar_event

    first = registration_calendar_event(registration).sequence
    where.event.sequence = 2
    where.event.save()
    registration.refresh_from_db()
    assert registration_calendar_event(registration).sequence == first + 2
    registration_cancel(registration=registration, actor=plain_user)
    registration.refresh_from_db()
    assert registration_calendar_event(registration).sequence == first + 3
