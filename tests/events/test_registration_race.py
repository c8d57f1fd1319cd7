"""Twenty people register at the same moment for the last seat of a site, through the real HTTP stack: gunicorn with
two workers and a database of its own (a file for SQLite, a database for PostgreSQL), as in
tests/bookings/test_booking_race.py. Exactly one gets the seat, nineteen join the waiting list, each told so in
French; when the one who got it cancels, the first in line gets the offer, and when that lapses, the next."""

import datetime as dt
import json

import pytest

from solozere.core.local_server import gunicorn_server
from tests.aids.test_envelope_race import _run, server_env  # noqa: F401 - the fixture
from tests.race_http import csrf_token, http_client, page_text, race

pytestmark = pytest.mark.django_db(transaction=True)

REGISTERED = "Vous êtes inscrit ou inscrite"
WAITING = "vous êtes sur la liste d'attente"


@pytest.fixture
def event_server(server_env):  # noqa: F811
    _run(["manage.py", "migrate", "--noinput", "-v0"], server_env)
    seeded = json.loads(
        _run(
            ["-c", "import django; django.setup(); from tests.events.race_registration import seed; seed()"], server_env
        )
    )
    with gunicorn_server(server_env) as base_url:
        yield base_url, seeded, server_env


def _report(env, site):
    code = f"import django; django.setup(); from tests.events.race_registration import report; report({site})"
    return json.loads(_run(["-c", code], env))


def test_twenty_people_for_the_last_seat_one_registered_nineteen_waiting_then_the_line_moves(event_server):
    base_url, seeded, env = event_server
    path = f"/agenda/{seeded['event']}/inscription/"
    clients = [http_client(base_url, session) for session in seeded["sessions"]]
    jobs = [
        (client, path, {"site": seeded["site"], "csrfmiddlewaretoken": csrf_token(client, path)}) for client in clients
    ]
    responses = race(jobs)
    assert [r.status_code for r in responses] == [302] * len(clients), [r.text[:300] for r in responses]
    # Each person reads, in French, what they got.
    pages = [page_text(client.get(r.headers["location"])) for client, r in zip(clients, responses, strict=True)]
    told_registered = [n for n, page in enumerate(pages) if REGISTERED in page]
    told_waiting = [n for n, page in enumerate(pages) if WAITING in page]
    assert len(told_registered) == 1
    assert len(told_waiting) == 19
    assert not set(told_registered) & set(told_waiting)

    rows = _report(env, seeded["site"])
    registered = [row for row in rows if row["status"] == "registered"]
    waiting = [row for row in rows if row["status"] == "waiting"]
    assert sorted(row["seat"] for row in registered) == [1, 2, 3]
    assert len(waiting) == 19
    winner = seeded["emails"][told_registered[0]]
    assert winner in {row["email"] for row in registered}

    # The winner cancels: the first in line gets the offer, which holds the seat.
    holder = clients[told_registered[0]]
    token = next(row["token"] for row in rows if row["email"] == winner)
    private = f"/agenda/inscription/{token}/"
    cancel = holder.post(f"{private}annuler/", data={"csrfmiddlewaretoken": csrf_token(holder, private)})
    assert cancel.status_code == 302
    assert "Votre inscription est annulée" in page_text(holder.get(cancel.headers["location"]))
    rows = _report(env, seeded["site"])
    line = [row for row in rows if row["status"] in ("waiting", "offered")]
    assert [row["status"] for row in line] == ["offered"] + ["waiting"] * 18
    first, second = line[0], line[1]
    assert first["seat"] is not None
    with http_client(base_url) as anyone:
        assert "Prendre cette place" in page_text(anyone.get(f"/agenda/inscription/{first['token']}/"))

    # The offer lapses: the periodic command, run later, hands the seat to the next.
    later = (dt.datetime.fromisoformat(first["offer_expires_at"]) + dt.timedelta(minutes=1)).isoformat()
    output = _run(["manage.py", "offer_event_waiting_list", "--wet-run", "--now", later], env)
    assert "1 proposition(s) faite(s), 1 proposition(s) expirée(s)" in output
    rows = {row["email"]: row for row in _report(env, seeded["site"])}
    assert rows[first["email"]]["status"] == "lapsed"
    assert rows[second["email"]]["status"] == "offered"
    assert rows[second["email"]]["seat"] == first["seat"]
    with http_client(base_url) as late:
        private = f"/agenda/inscription/{first['token']}/"
        page = page_text(late.get(private))
        assert "Proposition expirée" in page
        refused = late.post(f"{private}accepter/", data={"csrfmiddlewaretoken": csrf_token(late, private)})
        assert "Cette proposition a expiré" in page_text(late.get(refused.headers["location"]))
    for client in clients:
        client.close()
