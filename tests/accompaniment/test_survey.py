"""The satisfaction survey: sent once the day after a request is closed (its command on a fixed day), answered once
from the private link, and each organisation reads the results of its own requests only."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from solozere.accompaniment.models import Survey
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.organisations.models import Organisation
from tests.accompaniment.factories_partner import AssignmentFactory, ProjectRequestFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _run(*args):
    out = io.StringIO()
    call_command("send_accompaniment_surveys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def closed():
    return ProjectRequestFactory(
        status=RequestStatus.CLOSED, closed_at=dt.datetime(2026, 12, 3, 16, tzinfo=PARIS), email="camille@example.org"
    )


def test_the_survey_goes_the_day_after_closing_once(closed, on_commit):
    ProjectRequestFactory(status=RequestStatus.OPEN)
    with on_commit(execute=True):
        assert "0 questionnaire(s) envoyé(s)" in _run("--wet-run", "--today", "2026-12-03")
        dry = _run("--today", "2026-12-04")
    assert "[essai]" in dry and closed.reference in dry and mail.outbox == []
    with on_commit(execute=True):
        assert "1 questionnaire(s) envoyé(s)" in _run("--wet-run", "--today", "2026-12-04")
        assert "0 questionnaire(s)" in _run("--wet-run", "--today", "2026-12-05")
    [sent] = mail.outbox
    assert sent.to == ["camille@example.org"] and closed.reference in sent.subject
    assert reverse("accompaniment:survey", args=[closed.token]) in sent.body
    closed.refresh_from_db()
    assert closed.survey_sent_at is not None


def test_the_person_answers_once_and_bad_input_is_said(client, closed):
    url = reverse("accompaniment:survey", args=[closed.token])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"answered": "peut-être", "useful": "9", "comment": "Bien."})
    assert refused.status_code == 400
    assert "Choisissez une des réponses proposées." in refused.text and "Donnez une note de 1 à 5." in refused.text
    assert "Bien." in refused.text
    done = client.post(url, {"answered": "yes", "useful": "4", "comment": "Très bon accueil."})
    assert done.status_code == 200 and "votre réponse est enregistrée" in done.text
    client.post(url, {"answered": "no", "useful": "1"})
    survey = Survey.objects.get()
    assert (survey.answered, survey.useful, survey.comment) == ("yes", 4, "Très bon accueil.")


def test_an_open_request_has_no_survey_yet_and_an_unknown_link_is_a_404(client):
    open_request = ProjectRequestFactory(status=RequestStatus.OPEN)
    url = reverse("accompaniment:survey", args=[open_request.token])
    response = client.post(url, {"answered": "yes", "useful": "5"})
    assert "s'ouvre quand votre demande est terminée" in response.text.replace("&#x27;", "'")
    assert not Survey.objects.exists()
    assert client.get(reverse("accompaniment:survey", args=["x" * 43])).status_code == 404


def test_each_organisation_reads_the_results_of_the_requests_it_saw_through(
    client, partner_agent, django_assert_max_num_queries
):
    ours = Organisation.objects.get(slug="test")
    answers = [
        ("yes", 5, "Merci pour le télécentre."),
        ("partly", 3, ""),
        ("no", 1, ""),
        ("yes", 4, ""),
        ("yes", 2, ""),
    ]
    for answered, useful, comment in answers:
        part = AssignmentFactory(organisation=ours, status=AssignmentStatus.DONE, request__status=RequestStatus.CLOSED)
        Survey.objects.create(request=part.request, answered=answered, useful=useful, comment=comment)
    theirs = AssignmentFactory(status=AssignmentStatus.DONE, request__status=RequestStatus.CLOSED)
    Survey.objects.create(request=theirs.request, answered="no", useful=1, comment="Un commentaire pour les autres.")
    # Declined by us, answered by another: not ours.
    declined = AssignmentFactory(
        organisation=ours, status=AssignmentStatus.DECLINED, request__status=RequestStatus.CLOSED
    )
    AssignmentFactory(request=declined.request, status=AssignmentStatus.DONE)
    Survey.objects.create(request=declined.request, answered="no", useful=1, comment="Pour celle qui a fini.")
    client.force_login(partner_agent)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("accompaniment_partner:survey_results"))
    assert response.status_code == 200
    assert "5 réponses" in response.text and "Utilité : 3,0 sur 5 en moyenne." in response.text
    assert "Merci pour le télécentre." in response.text
    assert "Un commentaire pour les autres." not in response.text and "Pour celle qui a fini." not in response.text


def test_under_five_answers_only_the_count_is_shown(client, partner_agent):
    ours = Organisation.objects.get(slug="test")
    for _n in range(4):
        part = AssignmentFactory(organisation=ours, status=AssignmentStatus.DONE, request__status=RequestStatus.CLOSED)
        Survey.objects.create(
            request=part.request, answered="yes", useful=5, comment="Seul commentaire reconnaissable."
        )
    client.force_login(partner_agent)
    page = client.get(reverse("accompaniment_partner:survey_results")).text
    assert "4 réponses pour l'instant" in page and "à partir de 5 réponses" in page
    assert "Seul commentaire reconnaissable." not in page and "Utilité" not in page


@pytest.mark.parametrize("persona", ["plain_user", "member", "place_manager", "company_representative", "staff_user"])
def test_only_agents_read_the_results(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accompaniment_partner:survey_results")).status_code == 403


def test_a_visitor_is_sent_to_sign_in_for_the_results(client):
    response = client.get(reverse("accompaniment_partner:survey_results"))
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
