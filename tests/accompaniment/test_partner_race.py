"""Agents act on the same request at the same moment, through the real HTTP stack: gunicorn with two workers and a
database of its own (a file for SQLite, a database for PostgreSQL), as in tests/bookings/test_booking_race.py.
Every service takes the request's lock, then the part's (services_partner._lock_both): two agents queue, one is
refused in French, nobody gets a 500 (a deadlock on PostgreSQL), and the request stays coherent: one lead at most
among its active parts, never two active parts for one organisation."""

import json
import os
import re
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solozere.accompaniment.services_partner import (
    assignment_answer,
    assignment_decline,
    assignment_finish,
    assignment_hand_over,
    assignment_start,
    assignment_take,
)
from solozere.accompaniment.topics import Topic
from solozere.core.local_server import gunicorn_server
from tests.accompaniment.factories_partner import AssignmentFactory, PartnerProfileFactory
from tests.accounts.factories import UserFactory
from tests.aids.test_envelope_race import _run
from tests.organisations.factories import OrganisationAgentFactory, OrganisationFactory
from tests.race_http import csrf_token, http_client, page_text, race

TAKEN = "Vous suivez cette demande"
TAKE_REFUSED = "Action « Prendre » impossible : la demande est « prise en charge »."
SENT = "Votre réponse est envoyée"
CANNOT_TAKE_OVER = "ne peut pas reprendre"


@pytest.fixture(scope="module")
def partner_server(django_db_setup, tmp_path_factory):
    """One server for the module (each race has its own requests): the environment of tests/aids/test_envelope_race's
    server_env, with a database of its own on the same engine as this test run."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER")
    }
    here = tmp_path_factory.mktemp("partner_race")
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONWARNINGS="ignore", MEDIA_ROOT=str(here / "media"))
    admin = None
    if connection.vendor == "postgresql":
        import psycopg

        name = f"{connection.settings_dict['NAME']}_partner_race"[:60]
        url = urlsplit(os.environ["DATABASE_URL"])
        admin = psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    else:
        env["SQLITE_PATH"] = str(here / "race.sqlite3")
    try:
        _run(["manage.py", "migrate", "--noinput", "-v0"], env)
        code = "import django; django.setup(); from tests.accompaniment.race_partner import seed; seed()"
        seeded = json.loads(_run(["-c", code], env))
        with gunicorn_server(env) as base_url:
            yield base_url, seeded, env
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def _report(env, references):
    code = f"import django; django.setup(); from tests.accompaniment.race_partner import report; report({references!r})"
    return json.loads(_run(["-c", code], env))


def _told(client, response):
    """What the agent reads after a redirect (the message of the page it lands on)."""
    assert response.status_code == 302, (response.status_code, response.text[:500])
    return page_text(client.get(response.headers["location"]))


def _path(reference, action=""):
    return f"/accompagnement/partenaires/{reference}/{action}"


def _active(parts):
    return [part for part in parts if part["active"]]


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_the_same_request_one_takes_it_the_other_is_told(partner_server):
    base_url, seeded, env = partner_server
    first, second = (http_client(base_url, session) for session in seeded["ours"])
    emails = ["lozere0@partenaire.example", "lozere1@partenaire.example"]
    tokens = [csrf_token(client, _path(seeded["take"][0])) for client in (first, second)]
    for reference in seeded["take"]:
        responses = race(
            [
                (client, _path(reference, "prendre/"), {"csrfmiddlewaretoken": token})
                for client, token in zip((first, second), tokens, strict=True)
            ]
        )
        pages = [_told(client, r) for client, r in zip((first, second), responses, strict=True)]
        winners = [n for n, page in enumerate(pages) if TAKEN in page]
        losers = [n for n, page in enumerate(pages) if TAKE_REFUSED in page]
        assert len(winners) == 1 and len(losers) == 1, [page[:300] for page in pages]
        [part] = _report(env, [reference])[reference]["parts"]
        assert (part["status"], part["taken_by"]) == ("taken", emails[winners[0]])
        assert _report(env, [reference])[reference]["actions"] == ["take"]
    first.close()
    second.close()


@pytest.mark.django_db(transaction=True)
def test_one_agent_taking_while_a_colleague_answers_queue_instead_of_deadlocking(partner_server):
    """The take locked the part then the request in one statement while the answer locked the request then the
    part: on PostgreSQL, the two could deadlock (a 500 for one of them)."""
    base_url, seeded, env = partner_server
    taker, answerer = (http_client(base_url, session) for session in seeded["ours"])
    tokens = [csrf_token(client, _path(seeded["take_answer"][0])) for client in (taker, answerer)]
    for reference in seeded["take_answer"]:
        take, answer = race(
            [
                (taker, _path(reference, "prendre/"), {"csrfmiddlewaretoken": tokens[0]}),
                (
                    answerer,
                    _path(reference, "repondre/"),
                    {"body": "Bonjour, voici.", "csrfmiddlewaretoken": tokens[1]},
                ),
            ]
        )
        took = _told(taker, take)
        assert SENT in _told(answerer, answer)
        [part] = _report(env, [reference])[reference]["parts"]
        # Whoever came first took it: the answer takes a part nobody had, and the take then comes too late.
        if TAKEN in took:
            assert part["taken_by"] == "lozere0@partenaire.example"
        else:
            assert TAKE_REFUSED in took and part["taken_by"] == "lozere1@partenaire.example"
        found = _report(env, [reference])[reference]
        assert found["answered"] and found["messages"] == 1 and found["actions"] == ["take"]
    taker.close()
    answerer.close()


@pytest.mark.django_db(transaction=True)
def test_two_organisations_handing_over_to_the_same_one_at_once_make_one_part_for_it(partner_server):
    base_url, seeded, env = partner_server
    north, south = http_client(base_url, seeded["north"]), http_client(base_url, seeded["south"])
    for reference in seeded["hand_over"]:
        path = _path(reference, "transmettre/")
        data = {"organisation": seeded["target"], "note": "Elle est mieux placée."}
        responses = race(
            [(client, path, {**data, "csrfmiddlewaretoken": csrf_token(client, path)}) for client in (north, south)]
        )
        assert sorted(r.status_code for r in responses) == [302, 400], [r.text[:300] for r in responses]
        refused = next(r for r in responses if r.status_code == 400)
        assert CANNOT_TAKE_OVER in page_text(refused)
        found = _report(env, [reference])[reference]
        active = _active(found["parts"])
        assert sorted(part["organisation"] for part in active) in (["cible", "sud"], ["cible", "nord"])
        assert sum(part["lead"] for part in active) == 1
        assert found["status"] == "open"
        # The lead follows the part that had it: Nord's, kept or handed over to Cible.
        winner = "nord" if responses[0].status_code == 302 else "sud"
        lead = next(part["organisation"] for part in active if part["lead"])
        assert lead == ("cible" if winner == "nord" else "nord")
    north.close()
    south.close()


@pytest.mark.django_db(transaction=True)
def test_the_lead_finishing_while_another_part_declines_leaves_one_lead(partner_server):
    base_url, seeded, env = partner_server
    north, south = http_client(base_url, seeded["north"]), http_client(base_url, seeded["south"])
    for reference in seeded["finish_decline"]:
        finish, decline = _path(reference, "terminer/"), _path(reference, "pas-pour-nous/")
        responses = race(
            [
                (north, finish, {"outcome": "Place trouvée.", "csrfmiddlewaretoken": csrf_token(north, finish)}),
                (
                    south,
                    decline,
                    {"reason": "Pas notre territoire.", "csrfmiddlewaretoken": csrf_token(south, decline)},
                ),
            ]
        )
        assert [r.status_code for r in responses] == [302, 302], [r.text[:300] for r in responses]
        found = _report(env, [reference])[reference]
        statuses = {part["organisation"]: part["status"] for part in found["parts"]}
        assert statuses == {"nord": "done", "sud": "declined", "est": "new"}
        # Whatever the order, the part left (Est's) leads alone, and the request goes on.
        assert [(part["organisation"], part["lead"]) for part in _active(found["parts"])] == [("est", True)]
        assert sum(part["lead"] for part in found["parts"] if part["active"]) == 1
        assert found["status"] == "open"
    north.close()
    south.close()


# --- The locks themselves (PostgreSQL: select_for_update is a no-op on SQLite) --------------------------------------


def _locks(queries):
    return [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes no row lock: IMMEDIATE transactions")
@pytest.mark.parametrize("service", ["take", "start", "answer", "finish", "decline", "hand_over"])
def test_every_service_locks_the_request_then_the_part_and_never_the_organisation(service):
    organisation = OrganisationFactory(name="Lozère 100 %")
    PartnerProfileFactory(organisation=organisation, topics=[Topic.WORKPLACE])
    agent = UserFactory()
    OrganisationAgentFactory(organisation=organisation, user=agent)
    part = AssignmentFactory(organisation=organisation)
    AssignmentFactory(request=part.request, is_lead=False)  # another part: the request goes on after this one
    target = OrganisationFactory()
    PartnerProfileFactory(organisation=target, topics=[Topic.WORKPLACE])
    act = {
        "take": lambda: assignment_take(actor=agent, assignment=part),
        "start": lambda: assignment_start(actor=agent, assignment=part),
        "answer": lambda: assignment_answer(actor=agent, assignment=part, body="Bonjour."),
        "finish": lambda: assignment_finish(actor=agent, assignment=part, outcome="Fait."),
        "decline": lambda: assignment_decline(actor=agent, assignment=part, reason="Pas pour nous."),
        "hand_over": lambda: assignment_hand_over(actor=agent, assignment=part, to=target, note="À vous."),
    }[service]
    if service == "finish":
        assignment_take(actor=agent, assignment=part)
    with CaptureQueriesContext(connection) as captured:
        act()
    locks = _locks(captured.captured_queries)
    assert len(locks) >= 2, locks
    assert 'FROM "accompaniment_projectrequest"' in locks[0] and locks[0].endswith(
        'FOR UPDATE OF "accompaniment_projectrequest"'
    ), locks[0]
    assert 'FROM "accompaniment_assignment"' in locks[1] and locks[1].endswith(
        'FOR UPDATE OF "accompaniment_assignment"'
    ), locks[1]
    for sql in locks:
        assert re.search(r'FOR UPDATE OF "accompaniment_(projectrequest|assignment)"$', sql), sql
