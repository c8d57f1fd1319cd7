"""The demo agenda: fictional events « (démo) » in the demo places, through the real use cases: a past one with
attendance, contributions and survey answers, an upcoming one with registrations, a full one with a waiting list,
a breakfast in three places, a monthly series; idempotent, refused under production settings, gone with
delete_demo; a real event is never touched."""

import io

import pytest
from django.core.management import CommandError, call_command

from solozere.events.models import Event, Registration
from solozere.events.workflow import ContributionStatus, EventStatus, RegistrationStatus
from tests.events.factories import EventSiteFactory


@pytest.fixture
def demo(charter_v1):  # type: ignore[no-untyped-def]
    for command in ("load_demo", "label_demo_places", "load_demo_accounts"):
        call_command(command, verbosity=0)


def test_the_demo_agenda_shows_every_case(demo):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("load_demo_events", stdout=out)
    assert "événement(s) de démonstration" in out.getvalue()
    events = list(Event.objects.all())
    assert events and all(e.is_demo and e.title.endswith("(démo)") for e in events)
    past = Event.objects.get(status=EventStatus.HELD)
    assert past.registrations.filter(attended=True).count() == 7
    assert past.contributions.filter(status=ContributionStatus.PUBLISHED).count() == 2
    assert past.survey_responses.count() == 6
    full = Event.objects.get(title__startswith="Visite")
    assert full.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 4
    assert full.registrations.filter(status=RegistrationStatus.WAITING).count() == 2
    breakfast = Event.objects.get(title__startswith="Petit-déjeuner")
    assert breakfast.sites.count() >= 2
    series = Event.objects.filter(series__isnull=False)
    assert series.count() == 4 and {e.status for e in series} == {EventStatus.PUBLISHED}
    call_command("load_demo_events", stdout=io.StringIO())
    assert Event.objects.count() == len(events)


def test_demo_events_are_refused_under_production_settings(demo, settings):  # type: ignore[no-untyped-def]
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo_events")


def test_delete_demo_removes_the_demo_agenda_and_keeps_a_real_event(demo):  # type: ignore[no-untyped-def]
    real = EventSiteFactory(event__title="Vrai café").event
    call_command("load_demo_events", stdout=io.StringIO())
    call_command("delete_demo", stdout=io.StringIO())
    assert list(Event.objects.all()) == [real]
    assert not Registration.objects.filter(event__is_demo=True).exists()
