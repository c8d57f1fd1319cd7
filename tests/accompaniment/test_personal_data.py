"""What accompaniment holds of a person, in the personal-data registry: the export holds their requests (with the
account, or as a visitor with its confirmed address), what was said in them and their survey answer; an agent's
requests taken, messages and absences. Deleting the account withdraws the live requests and empties what names the
person or was written about them; an agent's requests in hand go back to their colleagues."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from solozere.accompaniment.models import (
    AgentAbsence,
    Assignment,
    AssignmentLog,
    Message,
    MessageSender,
    ProjectRequest,
    RequestLog,
    Survey,
)
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.accounts.models import User
from solozere.accounts.personal_data import account_delete, personal_data_export
from solozere.territory.models import Commune
from tests.accounts.factories import PASSWORD, UserFactory
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _request(*, user=None, email="lea.martin@example.org", status=RequestStatus.OPEN, **fields):
    values = {
        "requester_kind": "newcomer",
        "name": "Léa Martin",
        "email": email,
        "topics": ["moving", "workplace"],
        "description": "Nous arrivons de Lyon avec deux enfants.",
        "consented_at": timezone.now(),
        "status": status,
        "user": user,
    }
    return ProjectRequest.objects.create(**{**values, **fields})


@pytest.fixture
def mende():
    return Commune.objects.create(insee_code="48095", name="Mende")


@pytest.fixture
def polen():
    return OrganisationFactory(slug="polen", name="POLeN")


@pytest.fixture
def agent(polen):
    return OrganisationAgentFactory(
        organisation=polen, user=UserFactory(email="agent@polen.example", first_name="Paul", last_name="Agent")
    ).user


@pytest.fixture
def person():
    return UserFactory(email="lea.martin@example.org", first_name="Léa", last_name="Martin")


@pytest.fixture
def history(person, agent, polen, mende):
    """Léa's open request (with her account), her closed one made as a visitor with the same address and answered
    in the survey; someone else's request; an agent of POLeN who took the open one, answered, and is away soon."""
    open_request = _request(user=person, commune=mende, commune_typed="Mende", company_name="Martin Conseil")
    assignment = Assignment.objects.create(
        request=open_request,
        organisation=polen,
        status=AssignmentStatus.TAKEN,
        is_lead=True,
        reason="Traite « Trouver un lieu où travailler » sur toute la Lozère.",
        taken_by=agent,
        taken_at=timezone.now(),
    )
    AssignmentLog.objects.create(assignment=assignment, action="take", from_state="new", to_state="taken", actor=agent)
    Message.objects.create(request=open_request, sender=MessageSender.REQUESTER, body="Y a-t-il un télécentre ?")
    Message.objects.create(
        request=open_request,
        sender=MessageSender.AGENT,
        author=agent,
        organisation=polen,
        body="Oui, à Mende : venez nous voir, Madame Martin.",
    )
    Message.objects.create(
        request=open_request,
        sender=MessageSender.AGENT,
        author=agent,
        organisation=polen,
        body="Note : cherche aussi un emploi pour son conjoint.",
        internal=True,
    )
    closed = _request(
        status=RequestStatus.CLOSED, description="Reprendre une boulangerie.", topics=["business_takeover"]
    )
    Survey.objects.create(request=closed, answered="yes", useful=4, comment="Merci à Léa de la CCI !")
    RequestLog.objects.create(request=closed, action="close", from_state="open", to_state="closed", reason="Fini.")
    someone_else = _request(email="autre@example.org", name="Odilon Bès", description="Un projet d'Odilon.")
    AgentAbsence.objects.create(user=agent, starts_on=timezone.localdate(), ends_on=timezone.localdate(), note="Congés")
    return {"open": open_request, "assignment": assignment, "closed": closed, "someone_else": someone_else}


def test_the_export_holds_the_persons_requests_and_what_was_said(history, person):
    data = personal_data_export(user=person)["accompaniment"]

    assert [row["reference"] for row in data["requests"]] == [history["open"].reference, history["closed"].reference]
    first, second = data["requests"]
    assert first["name"] == "Léa Martin"
    assert first["commune"] == "Mende"
    assert first["company_name"] == "Martin Conseil"
    assert first["description"] == "Nous arrivons de Lyon avec deux enfants."
    assert first["topics"] == [
        "S'installer en Lozère : logement, démarches",
        "Trouver un lieu où travailler (télécentre, espace de coworking)",
    ]
    assert [o["organisation"] for o in first["organisations"]] == ["POLeN"]
    assert [(m["from"], m["body"], m["internal_note"]) for m in first["messages"]] == [
        ("la personne", "Y a-t-il un télécentre ?", False),
        ("une structure partenaire", "Oui, à Mende : venez nous voir, Madame Martin.", False),
        ("une structure partenaire", "Note : cherche aussi un emploi pour son conjoint.", True),
    ]
    assert first["survey"] is None
    assert second["survey"]["comment"] == "Merci à Léa de la CCI !"
    assert "Odilon" not in json.dumps(data, ensure_ascii=False)


def test_the_export_holds_no_request_of_an_address_the_person_never_confirmed(history):
    unconfirmed = UserFactory(email="autre@example.org", unverified=True)

    assert personal_data_export(user=unconfirmed)["accompaniment"]["requests"] == []


def test_the_export_of_an_agent_holds_what_they_took_wrote_and_their_absences(history, agent):
    data = personal_data_export(user=agent)

    mine = data["accompaniment"]
    assert mine["requests"] == []
    assert mine["requests_taken"] == [
        {
            "request": history["open"].reference,
            "organisation": "POLeN",
            "status": "prise en charge",
            "taken_at": mine["requests_taken"][0]["taken_at"],
        }
    ]
    assert [m["body"] for m in mine["messages_written"]] == [
        "Oui, à Mende : venez nous voir, Madame Martin.",
        "Note : cherche aussi un emploi pour son conjoint.",
    ]
    assert [a["note"] for a in mine["absences"]] == ["Congés"]
    assert [c["to"] for c in mine["state_changes_made"]] == ["prise en charge"]
    # What the app exports itself is not repeated by the generic fallback.
    assert not [key for key in data["other"] if key.startswith("accompaniment.")]


def test_the_json_download_holds_the_requests(client, history, person):
    client.force_login(person)

    data = json.loads(client.get(reverse("accounts:personal_data_export")).content)

    assert len(data["accompaniment"]["requests"]) == 2


def test_the_personal_data_page_says_what_accompaniment_holds(client, person):
    client.force_login(person)

    page = client.get(reverse("accounts:personal_data")).content.decode()

    assert "Demandes d&#x27;accompagnement" in page


def test_deleting_the_account_withdraws_the_live_requests_and_erases_the_person(client, history, person):
    tokens = {key: history[key].token for key in ("open", "closed")}
    client.force_login(person)

    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    for key in ("open", "closed"):
        request = ProjectRequest.objects.get(pk=history[key].pk)
        assert (request.name, request.email, request.description, request.company_name, request.commune_typed) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert request.user is None
        assert request.purged_at is not None
        assert request.token != tokens[key]
    opened = ProjectRequest.objects.get(pk=history["open"].pk)
    # The statistics keep what is no one's: topics, commune, states and dates.
    assert opened.status == RequestStatus.WITHDRAWN
    assert opened.topics == ["moving", "workplace"]
    assert opened.commune.name == "Mende"
    assert list(opened.log.values_list("action", "to_state")) == [("withdraw", "withdrawn")]
    assignment = Assignment.objects.get(pk=history["assignment"].pk)
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert ProjectRequest.objects.get(pk=history["closed"].pk).status == RequestStatus.CLOSED
    assert set(Message.objects.filter(request=history["open"]).values_list("body", flat=True)) == {""}
    assert Message.objects.filter(request=history["open"]).count() == 3
    survey = Survey.objects.get(request=history["closed"])
    assert (survey.comment, survey.useful) == ("", 4)
    assert set(RequestLog.objects.filter(request=history["closed"]).values_list("reason", flat=True)) == {""}


def test_deleting_leaves_someone_elses_request_alone(history, person):
    account_delete(user=person)

    other = ProjectRequest.objects.get(pk=history["someone_else"].pk)
    assert (other.name, other.description, other.status) == ("Odilon Bès", "Un projet d'Odilon.", RequestStatus.OPEN)


def test_deleting_an_agent_gives_their_requests_back_to_their_colleagues(history, agent):
    account_delete(user=agent)

    assignment = Assignment.objects.get(pk=history["assignment"].pk)
    assert assignment.status == AssignmentStatus.NEW
    assert assignment.taken_by is None
    assert assignment.taken_at is None
    release = assignment.log.order_by("pk").last()
    assert (release.action, release.from_state, release.to_state) == ("release", "taken", "new")
    # What they wrote stays with the request, without them; their absences go.
    written = Message.objects.filter(request=history["open"], sender=MessageSender.AGENT)
    assert written.count() == 2
    assert set(written.values_list("author", flat=True)) == {None}
    assert written.first().body == "Oui, à Mende : venez nous voir, Madame Martin."
    assert not AgentAbsence.objects.exists()
    assert ProjectRequest.objects.get(pk=history["open"].pk).description == "Nous arrivons de Lyon avec deux enfants."


def test_a_pending_request_is_withdrawn_too(person):
    pending = _request(user=person, status=RequestStatus.PENDING)

    account_delete(user=person)

    pending.refresh_from_db()
    assert pending.status == RequestStatus.WITHDRAWN
    assert pending.email == ""


def test_deleting_the_account_ends_each_part_the_way_a_withdrawal_does(history, person):
    account_delete(user=person)

    assignment = Assignment.objects.get(pk=history["assignment"].pk)
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert assignment.ended_at is not None
    assert list(assignment.log.filter(action="withdraw").values_list("from_state", "to_state")) == [
        ("taken", "withdrawn")
    ]


def test_deleting_an_agent_restarts_the_ladder_and_tells_their_colleagues_without_naming_them(
    history, agent, polen, on_commit, settings
):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"
    OrganisationAgentFactory(organisation=polen, user=UserFactory(email="collegue@polen.example"))
    Assignment.objects.filter(pk=history["assignment"].pk).update(
        reminder_level=2, waiting_since=timezone.now() - dt.timedelta(days=30)
    )
    before = timezone.now()

    with on_commit(execute=True):
        account_delete(user=agent)

    assignment = Assignment.objects.get(pk=history["assignment"].pk)
    assert (assignment.status, assignment.taken_by, assignment.reminder_level) == (AssignmentStatus.NEW, None, 0)
    assert assignment.waiting_since >= before
    release = assignment.log.get(action="release")
    assert "Paul" not in release.reason and "Agent" not in release.reason
    assert "supprimé" in release.reason
    told = [message for message in mail.outbox if history["open"].reference in message.subject]
    assert [message.to for message in told] == [["collegue@polen.example"]]
    assert "Paul" not in told[0].body and "agent@polen.example" not in told[0].body


def test_deleting_the_only_agent_tells_staff_that_nobody_receives_the_organisation_s_requests(
    history, agent, on_commit, settings
):
    settings.ACCOMPANIMENT_NETWORK_EMAIL = "accompagnement@solozere.example"

    with on_commit(execute=True):
        account_delete(user=agent)

    told = [message for message in mail.outbox if history["open"].reference in message.subject]
    assert [message.to for message in told] == [["accompagnement@solozere.example"]]
    assert "POLeN n'a personne pour recevoir ses demandes" in told[0].body
    assert f"/equipe/accompagnement/demandes/{history['open'].reference}/" in told[0].body


def test_the_privacy_page_says_what_a_request_keeps_and_for_how_long(client, settings):
    settings.ACCOMPANIMENT_RETENTION_MONTHS = 18
    page = client.get("/donnees-personnelles/").content.decode()
    assert "Demandes d&#x27;accompagnement" in page or "Demandes d'accompagnement" in page
    assert "18 mois après la fin de la demande" in page and "effacer tout de suite" in page
