"""The satisfaction survey: sent once to those who came, on a frozen clock and across the change to winter time;
answered once through the private link; bad input; what the organiser and the public read."""

import datetime as dt
import html
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from solozere.events.models import Registration, SurveyResponse
from solozere.events.services_survey import SURVEY_WINDOW_DAYS, survey_answer
from tests.events.factories import EventFactory, EventSiteFactory, RegistrationFactory
from tests.events.factories_contributions import SurveyResponseFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# Sunday 25 October 2026 is the night clocks go back (3 h → 2 h): the event ends late that evening, Paris time.
EVENT_END = dt.datetime(2026, 10, 25, 23, 30, tzinfo=PARIS)
MONDAY_MORNING = dt.datetime(2026, 10, 26, 6, 0, tzinfo=PARIS)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


@pytest.fixture
def frozen(monkeypatch):  # type: ignore[no-untyped-def]
    """The clock, stopped where a test puts it: `frozen(moment)`."""

    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


@pytest.fixture
def organiser(db):  # type: ignore[no-untyped-def]
    from tests.accounts.factories import UserFactory

    return UserFactory(email="organisatrice@comptoir.example")


@pytest.fixture
def held(organiser):  # type: ignore[no-untyped-def]
    """An evening rencontre that ended at 23:30 on the night of the change to winter time."""
    place = PlaceFactory()
    place.managers.add(organiser)
    event = EventFactory(
        title="Soirée des télétravailleurs",
        organiser_place=place,
        status="held",
        starts_at=EVENT_END - dt.timedelta(hours=3),
        ends_at=EVENT_END,
    )
    EventSiteFactory(event=event, place=place, capacity=50)
    return event


def came(event, **fields):  # type: ignore[no-untyped-def]
    return RegistrationFactory(site=event.sites.get(), attended=True, **fields)


def send(*args: str) -> str:
    out = StringIO()
    call_command("send_event_surveys", *args, stdout=out)
    return out.getvalue()


# --- Sending --------------------------------------------------------------------------------------------------------


def test_the_survey_goes_once_to_those_who_came_from_the_day_after(held, frozen, on_commit):
    first, second = came(held), came(held)
    RegistrationFactory(site=held.sites.get(), attended=False)
    RegistrationFactory(site=held.sites.get(), attended=None)
    came(held, purged_at=EVENT_END)
    came(held, status="cancelled", seat=None)

    frozen(EVENT_END - dt.timedelta(minutes=10))  # the same evening: not yet
    with on_commit(execute=True):
        assert "0 questionnaire(s)" in send("--wet-run")

    frozen(MONDAY_MORNING)
    dry = send()
    assert "[essai]" in dry and "2 questionnaire(s) de satisfaction à envoyer" in dry
    assert not mail.outbox and not Registration.objects.filter(survey_sent_at__isnull=False).exists()

    with on_commit(execute=True):
        wet = send("--wet-run")
    assert "2 questionnaire(s) de satisfaction envoyé(s)." in wet
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    link = reverse("events:survey", args=[first.token])
    assert any(link in m.body for m in mail.outbox)
    assert Registration.objects.filter(survey_sent_at=MONDAY_MORNING).count() == 2

    with on_commit(execute=True):
        assert "0 questionnaire(s)" in send("--wet-run")
    assert len(mail.outbox) == 2


def test_a_missed_day_is_caught_up_within_the_window_and_not_after(held, frozen, on_commit):
    came(held)
    frozen(MONDAY_MORNING + dt.timedelta(days=SURVEY_WINDOW_DAYS + 1))
    with on_commit(execute=True):
        assert "0 questionnaire(s)" in send("--wet-run")
    frozen(MONDAY_MORNING + dt.timedelta(days=SURVEY_WINDOW_DAYS - 1))
    with on_commit(execute=True):
        assert "1 questionnaire(s) de satisfaction envoyé(s)." in send("--wet-run")
    assert len(mail.outbox) == 1


def test_a_cancelled_event_sends_no_survey(held, frozen, on_commit):
    came(held)
    held.status = "cancelled"
    held.save()
    frozen(MONDAY_MORNING)
    with on_commit(execute=True):
        assert "0 questionnaire(s)" in send("--wet-run")


def test_the_day_can_be_replayed(held, on_commit):
    came(held)
    with on_commit(execute=True):
        assert "1 questionnaire(s)" in send("--wet-run", "--today", "2026-10-27")
    with on_commit(execute=True):
        assert "0 questionnaire(s)" in send("--wet-run", "--today", "2026-10-27")


# --- Answering ------------------------------------------------------------------------------------------------------


def test_a_person_who_came_answers_once(client, held):
    registration = came(held)
    url = reverse("events:survey", args=[registration.token])
    page = client.get(url)
    assert page.status_code == 200 and "Quelle note donnez-vous à cet événement ?" in text(page)

    response = client.post(url, {"rating": "4", "useful": "oui", "comment": "Très bon accueil à Mende."})
    assert response.status_code == 200 and "Merci pour votre avis" in text(response)
    answer = SurveyResponse.objects.get()
    assert (answer.registration, answer.event, answer.rating, answer.useful) == (registration, held, 4, True)

    again = client.post(url, {"rating": "1", "useful": "non"})
    assert again.status_code == 409
    assert "Vous avez déjà répondu à ce questionnaire" in text(again)
    assert "Vous avez déjà répondu" in text(client.get(url))
    assert SurveyResponse.objects.get().rating == 4


def test_two_answers_at_once_keep_one(held):
    registration = came(held)
    survey_answer(registration=registration, rating=5, useful=True)
    from solozere.events.services_survey import SurveyError

    with pytest.raises(SurveyError) as refused:
        survey_answer(registration=registration, rating=1, useful=False)
    assert refused.value.already


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "0", "useful": "oui"}, "Choisissez une note de 1 à 5."),
        ({"rating": "6", "useful": "oui"}, "Choisissez une note de 1 à 5."),
        ({"rating": "abc", "useful": "oui"}, "Choisissez une note de 1 à 5."),
        ({"useful": "oui"}, "Choisissez une note de 1 à 5."),
        ({"rating": "3", "useful": "peut-être"}, "Répondez par oui ou par non."),
        ({"rating": "3", "useful": "oui", "comment": "x" * 2001}, "Le commentaire est trop long : 2000 caractères"),
    ],
)
def test_bad_answers_are_refused_in_french_and_keep_the_comment(client, held, data, message):
    registration = came(held)
    data = {"comment": "Gardé tel quel", **data}
    response = client.post(reverse("events:survey", args=[registration.token]), data)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    if len(data["comment"]) <= 2000:
        assert "Gardé tel quel" in page
    assert not SurveyResponse.objects.exists()


def test_a_bad_link_is_a_french_404(client, held, frozen):
    purged = came(held, purged_at=EVENT_END)
    absent = RegistrationFactory(site=held.sites.get(), attended=False)
    upcoming = RegistrationFactory(site=EventSiteFactory(event=EventFactory()), attended=True)
    for token in ("pas-un-jeton", purged.token, absent.token, upcoming.token):
        response = client.get(reverse("events:survey", args=[token]))
        assert response.status_code == 404
        assert "Ce lien de questionnaire n'est pas valable" in text(response)
        assert client.post(reverse("events:survey", args=[token]), {"rating": "5", "useful": "oui"}).status_code == 404
    assert not SurveyResponse.objects.exists()


# --- Results --------------------------------------------------------------------------------------------------------


def test_the_organiser_reads_every_figure_and_the_comments(client, organiser, held):
    for rating, useful, comment in [(5, True, "Parfait"), (4, True, ""), (2, False, "Trop court"), (5, True, "")]:
        SurveyResponseFactory(registration=came(held), rating=rating, useful=useful, comment=comment)
    client.force_login(organiser)
    page = text(client.get(reverse("events:survey_results", args=[held.slug])))
    assert "Réponses" in page and "4" in page
    assert "4,0 sur 5" in page
    assert "75 % (3 sur 4)" in page
    assert "Parfait" in page and "Trop court" in page
    assert "Rien n'est publié sur la page de l'événement avant 5 réponses" in page


def test_the_public_reads_nothing_below_5_answers(client, held):
    for _ in range(4):
        SurveyResponseFactory(registration=came(held), rating=5, comment="Un avis privé")
    page = text(client.get(held.get_absolute_url()))
    assert "Moins de 5 personnes ont répondu" in page
    assert "Note moyenne" not in page and "Un avis privé" not in page


def test_the_public_reads_the_aggregate_from_5_answers_small_groups_hidden(client, held):
    for rating, useful in [(5, True)] * 8 + [(4, True)] * 6 + [(1, False)]:
        SurveyResponseFactory(registration=came(held), rating=rating, useful=useful, comment="Jamais public")
    page = text(client.get(held.get_absolute_url()))
    assert "15 réponses au questionnaire de satisfaction." in page
    assert "< 5" in page and "masqué" in page
    assert "Note moyenne" not in page  # it would give the hidden cell back
    assert "Jamais public" not in page


def test_the_public_reads_the_average_when_nothing_is_hidden(client, held):
    for rating in [5] * 6 + [4] * 5:
        SurveyResponseFactory(registration=came(held), rating=rating, useful=True)
    page = text(client.get(held.get_absolute_url()))
    assert "Note moyenne : 4,5 sur 5." in page
    assert "100 % des personnes l'ont trouvé utile." in page
