"""Members book the same seats at the same moment, through the real HTTP stack: gunicorn with two workers, a
database of its own (a file for SQLite, a database for PostgreSQL), as in tests/aids/test_envelope_race.py."""

import json
from collections import Counter

import pytest

from solozere.core.local_server import gunicorn_server
from tests.aids.test_envelope_race import _run, server_env  # noqa: F401 - the fixture
from tests.race_http import csrf_token, http_client, page_text, race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def booking_server(server_env):  # noqa: F811
    _run(["manage.py", "migrate", "--noinput", "-v0"], server_env)
    seeded = json.loads(
        _run(["-c", "import django; django.setup(); from tests.bookings.race import seed; seed()"], server_env)
    )
    with gunicorn_server(server_env) as base_url:
        yield base_url, seeded, server_env


def _held(env, resource):
    code = f"import django; django.setup(); from tests.bookings.race import report; report({resource})"
    return json.loads(_run(["-c", code], env))


def test_twenty_members_asking_for_the_last_desk_get_one_confirmation_and_nineteen_refusals(booking_server):
    base_url, seeded, env = booking_server
    path = f"/lieux/{seeded['place']}/reserver/{seeded['last_desk']}/"
    clients = [http_client(base_url, session) for session in seeded["sessions"]]
    jobs = []
    for client in clients:
        data = {
            "start_date": seeded["day"],
            "length": "am",
            "confirm": "1",
            "csrfmiddlewaretoken": csrf_token(client, path),
        }
        jobs.append((client, path, data))
    responses = race(jobs)
    assert Counter(r.status_code for r in responses) == {302: 1, 400: 19}
    for refused in (r for r in responses if r.status_code == 400):
        assert "il ne reste aucune place libre" in page_text(refused) or "vient d'être réservé" in page_text(refused)
    held = _held(env, seeded["last_desk"])
    assert sorted(unit for _b, _d, _c, unit in held) == [0, 1, 2]
    for client in clients:
        client.close()


def test_a_four_week_booking_racing_single_days_never_shares_the_office(booking_server):
    base_url, seeded, env = booking_server
    path = f"/lieux/{seeded['place']}/reserver/{seeded['period']}/"
    clients = [http_client(base_url, session) for session in seeded["sessions"][:6]]
    period = {"start_date": seeded["period_start"], "end_date": seeded["period_end"], "length": "period"}
    jobs = [(clients[0], path, {**period, "confirm": "1", "csrfmiddlewaretoken": csrf_token(clients[0], path)})]
    for client in clients[1:]:
        data = {"start_date": seeded["period_end"], "length": "day", "confirm": "1"}
        jobs.append((client, path, {**data, "csrfmiddlewaretoken": csrf_token(client, path)}))
    responses = race(jobs)
    period_won = responses[0].status_code == 302
    singles_won = sum(r.status_code == 302 for r in responses[1:])
    assert all(r.status_code in (302, 400) for r in responses)
    assert (period_won and singles_won == 0) or (not period_won and singles_won == 1)
    held = _held(env, seeded["period"])
    slots = [(day, code) for _b, day, code, _u in held]
    assert len(slots) == len(set(slots))
    for client in clients:
        client.close()


def test_a_cancellation_racing_a_booking_leaves_the_count_right(booking_server):
    base_url, seeded, env = booking_server
    holder, other = (http_client(base_url, session) for session in seeded["sessions"][:2])
    book = f"/lieux/{seeded['place']}/reserver/{seeded['swap']}/"
    cancel = f"/reservations/{seeded['holding']}/annuler/"
    responses = race(
        [
            (holder, cancel, {"csrfmiddlewaretoken": csrf_token(holder, f"/reservations/{seeded['holding']}/")}),
            (
                other,
                book,
                {
                    "start_date": seeded["day"],
                    "length": "pm",
                    "confirm": "1",
                    "csrfmiddlewaretoken": csrf_token(other, book),
                },
            ),
        ]
    )
    assert responses[0].status_code == 302
    held = _held(env, seeded["swap"])
    booked = responses[1].status_code == 302
    # The holder's seat is gone; the other person holds it exactly when their request was served after the cancel.
    assert [b for b, *_rest in held if b == seeded["holding"]] == []
    assert len(held) == (1 if booked else 0)
    holder.close()
    other.close()


def test_a_freed_seat_goes_to_the_first_in_line_not_to_those_racing_for_it(booking_server):
    """Someone waits for the office's afternoon; its holder cancels while five others ask for it at the same
    moment: the seat is offered to the one in line, and every racer is refused, whatever the order."""
    base_url, seeded, env = booking_server
    waiting = json.loads(
        _run(
            ["-c", "import django; django.setup(); from tests.bookings.race import seed_waitlist; seed_waitlist()"], env
        )
    )
    holder = http_client(base_url, seeded["sessions"][0])
    racers = [http_client(base_url, session) for session in seeded["sessions"][1:6]]
    book = f"/lieux/{seeded['place']}/reserver/{seeded['swap']}/"
    cancel = f"/reservations/{seeded['holding']}/annuler/"
    jobs = [(holder, cancel, {"csrfmiddlewaretoken": csrf_token(holder, f"/reservations/{seeded['holding']}/")})]
    for client in racers:
        data = {"start_date": seeded["day"], "length": "pm", "confirm": "1"}
        jobs.append((client, book, {**data, "csrfmiddlewaretoken": csrf_token(client, book)}))
    responses = race(jobs)
    assert responses[0].status_code == 302
    assert [r.status_code for r in responses[1:]] == [400] * len(racers)
    assert _held(env, seeded["swap"]) == []
    code = f"import django; django.setup(); from tests.bookings.race import report_waitlist; report_waitlist({waiting['entry']})"
    assert json.loads(_run(["-c", code], env)) == "offered"
    for client in [holder, *racers]:
        client.close()
