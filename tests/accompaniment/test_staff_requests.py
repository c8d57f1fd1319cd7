"""The staff's screens of the requests (/equipe/accompagnement/a-orienter/, sans-reponse/, demandes/<reference>/):
every role on every page and POST (only the staff get in), the queues oldest first with their age in working days
and a query count that does not grow with rows, a request seen whole, and routing it by hand (service and form)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from solozere.accompaniment import services
from solozere.accompaniment.models import Assignment, AssignmentLog, Message, ProjectRequest, RequestLog
from solozere.accompaniment.workflow import AssignmentStatus, RequestStatus
from solozere.backoffice.selectors import staff_queues
from solozere.core.dates import working_days_between
from tests.accompaniment.factories_partner import AssignmentFactory, ProjectRequestFactory
from tests.accompaniment.request_helpers import delegated_commune, partner, sent_to, text
from tests.roles import ROLES, STAFF_ONLY, expect

pytestmark = pytest.mark.django_db

TO_ROUTE = "/equipe/accompagnement/a-orienter/"
UNANSWERED = "/equipe/accompagnement/sans-reponse/"
DETAIL = "/equipe/accompagnement/demandes/{reference}/"


@pytest.fixture
def orgs(db):
    return {
        "farm": partner("Chambre d'agriculture", ["farming"], agents=["agri@chambre.example"]),
        "move": partner("Accueil des nouveaux", ["moving", "workplace"], contact_email="accueil@cc.example"),
        "closed": partner("Structure fermée", ["farming"], closed=True),
        "silent": partner("Ne reçoit pas", ["farming"], receives=False),
    }


@pytest.fixture
def unrouted(db):
    return ProjectRequestFactory(
        status=RequestStatus.UNROUTED,
        topics=["farming", "moving", "tourism"],
        unrouted_topics=["farming", "moving", "tourism"],
        email="camille@example.org",
    )


def _aged(days_ago: int, **fields):
    request = ProjectRequestFactory(**fields)
    ProjectRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return request


# --- Roles ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["to_route", "unanswered", "detail"])
def test_every_page_for_every_role(as_role, unrouted, role, page):
    url = {"to_route": TO_ROUTE, "unanswered": UNANSWERED, "detail": DETAIL.format(reference=unrouted.reference)}
    expect(as_role(role).get(url[page]), STAFF_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_staff_route_by_hand(as_role, unrouted, orgs, role):
    response = as_role(role).post(DETAIL.format(reference=unrouted.reference), {"organisations": [orgs["farm"].pk]})

    expect(response, {**STAFF_ONLY, "staff": 302}[role])
    assert Assignment.objects.filter(request=unrouted).exists() == (role == "staff")


# --- The queues -----------------------------------------------------------------------------------------------------


def test_the_queue_to_route_holds_unrouted_and_open_with_topics_left_oldest_first(staff, orgs):
    newer = _aged(1, status=RequestStatus.UNROUTED, unrouted_topics=["farming"])
    older = _aged(30, status=RequestStatus.OPEN, unrouted_topics=["tourism"])
    AssignmentFactory(request=older, organisation=orgs["move"], is_lead=True)
    covered = _aged(40, status=RequestStatus.OPEN, unrouted_topics=[])
    closed = _aged(50, status=RequestStatus.CLOSED, unrouted_topics=["farming"])

    page = text(staff.get(TO_ROUTE))

    assert older.reference in page and newer.reference in page
    assert covered.reference not in page and closed.reference not in page
    assert page.index(older.reference) < page.index(newer.reference)
    assert "Accueil des nouveaux (chef de file)" in page
    assert "Sans structure : Un projet touristique (hébergement, activité)" in page
    assert "jours ouvrés" in page


def test_the_unanswered_queue_shows_age_and_who_has_it(staff, orgs):
    waiting = _aged(14, status=RequestStatus.OPEN)
    AssignmentFactory(request=waiting, organisation=orgs["farm"], is_lead=True)
    answered = _aged(20, status=RequestStatus.OPEN, first_answer_at=timezone.now())

    page = text(staff.get(UNANSWERED))

    assert waiting.reference in page and answered.reference not in page
    assert "Chambre d'agriculture" in page
    age = working_days_between(
        timezone.localdate(ProjectRequest.objects.get(pk=waiting.pk).created_at), timezone.localdate()
    )
    assert f"{age} jours ouvrés" in page


@pytest.mark.parametrize("url", [TO_ROUTE, UNANSWERED])
def test_the_queues_queries_do_not_grow_with_rows(staff, orgs, url, django_assert_max_num_queries):
    made = iter(range(100))

    def build():
        request = _aged(
            3, status=RequestStatus.OPEN, unrouted_topics=["tourism"], commune=delegated_commune(next(made))
        )
        AssignmentFactory(request=request, organisation=orgs["move"], is_lead=True)
        AssignmentFactory(request=request, organisation=orgs["farm"], is_lead=False, status=AssignmentStatus.TAKEN)

    build()
    staff.get(url)
    with CaptureQueriesContext(connection) as few:
        staff.get(url)
    for _n in range(5):
        build()
    with django_assert_max_num_queries(len(few)):
        staff.get(url)


def test_the_dashboard_counts_the_accompaniment_queues(orgs):
    _aged(1, status=RequestStatus.UNROUTED, unrouted_topics=["farming"])
    _aged(2, status=RequestStatus.OPEN, unrouted_topics=["tourism"], first_answer_at=timezone.now())
    _aged(3, status=RequestStatus.OPEN)

    group = next(group for group in staff_queues() if str(group.title) == "Accompagnement des projets")

    assert [(queue.count, queue.url) for queue in group.queues] == [(2, TO_ROUTE), (2, UNANSWERED)]


# --- A request, whole -----------------------------------------------------------------------------------------------


def test_the_request_page_shows_everything_internal_notes_and_both_logs(staff, orgs, unrouted):
    part = AssignmentFactory(request=unrouted, organisation=orgs["move"], status=AssignmentStatus.DECLINED)
    Message.objects.create(request=unrouted, sender="agent", organisation=orgs["move"], internal=True, body="Note !")
    RequestLog.objects.create(request=unrouted, action="leave_unrouted", to_state="unrouted")
    AssignmentLog.objects.create(assignment=part, action="decline", to_state="declined", reason="Hors sujet")

    page = text(staff.get(DETAIL.format(reference=unrouted.reference)))

    assert "camille@example.org" in page
    assert "Note !" in page and "note interne" in page
    assert "Hors sujet" in page
    assert "Historique de la demande" in page and "à orienter par l'équipe" in page
    assert "Orienter à la main" in page
    assert orgs["farm"].name in page
    assert orgs["closed"].name not in page and orgs["silent"].name not in page


def test_an_unknown_reference_is_a_404(staff):
    assert staff.get(DETAIL.format(reference="ZZZZZZZZ")).status_code == 404


# --- Routing by hand: the service -----------------------------------------------------------------------------------


def test_route_by_hand_assigns_with_a_lead_logs_and_tells_everyone(staff_user, orgs, unrouted, on_commit):
    with on_commit(execute=True):
        assignments = services.route_by_hand(
            actor=staff_user, project_request=unrouted, organisations=[orgs["farm"], orgs["move"]], lead=orgs["move"]
        )

    unrouted.refresh_from_db()
    assert unrouted.status == RequestStatus.OPEN
    assert unrouted.routed_at is not None
    assert unrouted.unrouted_topics == ["tourism"]  # the others are handled by the organisations chosen
    assert {(a.organisation_id, a.is_lead, a.status) for a in assignments} == {
        (orgs["farm"].pk, False, AssignmentStatus.NEW),
        (orgs["move"].pk, True, AssignmentStatus.NEW),
    }
    log = RequestLog.objects.get(request=unrouted)
    assert (log.action, log.from_state, log.to_state, log.actor) == ("route_by_hand", "unrouted", "open", staff_user)
    assert AssignmentLog.objects.filter(assignment__request=unrouted, action="assign", actor=staff_user).count() == 2
    assert sent_to("camille@example.org")
    assert "Accueil des nouveaux" in sent_to("camille@example.org")[0].body
    assert sent_to("agri@chambre.example") and sent_to("accueil@cc.example")


def test_a_single_organisation_is_the_lead(staff_user, orgs, unrouted):
    [assignment] = services.route_by_hand(actor=staff_user, project_request=unrouted, organisations=[orgs["farm"]])

    assert assignment.is_lead


def test_an_open_request_with_a_lead_gets_more_organisations_without_a_lead(staff_user, orgs):
    request = ProjectRequestFactory(
        status=RequestStatus.OPEN, topics=["moving", "farming"], unrouted_topics=["farming"]
    )
    AssignmentFactory(request=request, organisation=orgs["move"], is_lead=True)

    [assignment] = services.route_by_hand(actor=staff_user, project_request=request, organisations=[orgs["farm"]])

    assert not assignment.is_lead
    request.refresh_from_db()
    assert request.unrouted_topics == []
    with pytest.raises(services.RequestError, match="déjà une structure chef de file"):
        services.route_by_hand(
            actor=staff_user,
            project_request=request,
            organisations=[partner("Autre", ["farming"])],
            lead=orgs["farm"],
        )


@pytest.mark.parametrize(
    ("chosen", "lead", "message"),
    [
        ([], None, "au moins une structure"),
        (["closed"], None, "ne peut pas recevoir"),
        (["silent"], None, "ne peut pas recevoir"),
        (["farm", "move"], None, "Choisissez la structure chef de file"),
        (["farm"], "move", "l'une de celles que vous avez cochées"),
    ],
)
def test_route_by_hand_refuses_bad_choices_and_writes_nothing(staff_user, orgs, unrouted, chosen, lead, message):
    with pytest.raises(services.RequestError, match=message):
        services.route_by_hand(
            actor=staff_user,
            project_request=unrouted,
            organisations=[orgs[key] for key in chosen],
            lead=orgs[lead] if lead else None,
        )

    unrouted.refresh_from_db()
    assert unrouted.status == RequestStatus.UNROUTED
    assert not Assignment.objects.filter(request=unrouted).exists()
    assert not mail.outbox


def test_a_closed_request_is_not_routed(staff_user, orgs):
    request = ProjectRequestFactory(status=RequestStatus.CLOSED)

    with pytest.raises(services.RequestError, match="ne peut plus être orientée"):
        services.route_by_hand(actor=staff_user, project_request=request, organisations=[orgs["farm"]])


# --- Routing by hand: the form --------------------------------------------------------------------------------------


def test_staff_route_by_hand_from_the_page(staff, orgs, unrouted, on_commit):
    url = DETAIL.format(reference=unrouted.reference)
    with on_commit(execute=True):
        response = staff.post(url, {"organisations": [orgs["farm"].pk, orgs["move"].pk], "lead": orgs["farm"].pk})

    assert response.status_code == 302
    page = text(staff.get(url))
    assert "transmise à" in page
    assert Assignment.objects.get(request=unrouted, is_lead=True).organisation == orgs["farm"]
    assert sent_to("agri@chambre.example")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choisissez au moins une structure."),
        ({"organisations": ["closed"]}, "choisissez dans la liste"),
        ({"organisations": ["999999"]}, "choisissez dans la liste"),
        ({"organisations": ["pas-un-nombre"]}, "choisissez dans la liste"),
        ({"organisations": ["farm", "move"]}, "Choisissez la structure chef de file"),
        ({"organisations": ["farm"], "lead": "move"}, "l'une de celles que vous avez cochées"),
        ({"organisations": ["farm"], "lead": "abc"}, "choisissez dans la liste"),
    ],
)
def test_bad_input_is_refused_in_french_and_kept(staff, orgs, unrouted, data, message):
    posted = {
        key: ([str(orgs[v].pk) if v in orgs else v for v in value] if isinstance(value, list) else str(orgs[value].pk))
        if not (isinstance(value, str) and value not in orgs)
        else value
        for key, value in data.items()
    }

    response = staff.post(DETAIL.format(reference=unrouted.reference), posted)

    assert response.status_code == 400
    page = text(response)
    assert message in page
    if data.get("organisations") == ["farm"]:  # what was ticked stays ticked
        box = re.search(rf'<input type="checkbox" name="organisations" value="{orgs["farm"].pk}"[^>]*>', page)
        assert box and " checked" in box.group(0)
    assert not Assignment.objects.filter(request=unrouted).exists()


def test_posting_to_a_closed_request_is_refused_with_a_message(staff, orgs):
    request = ProjectRequestFactory(status=RequestStatus.CLOSED)

    response = staff.post(DETAIL.format(reference=request.reference), {"organisations": [orgs["farm"].pk]})

    assert response.status_code == 400
    assert "ne peut plus être orientée" in text(response)
