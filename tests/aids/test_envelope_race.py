"""Two staff members decide at the same moment, through the real HTTP stack: a server in its own
processes (gunicorn, two workers), its own database, two HTTP clients posting at once.

Why not pytest-django's live_server: on SQLite the test database is in memory and live_server shares
one connection between all request threads, so two requests could never hold two transactions.
A real server on a database file (SQLite) or a database of its own (PostgreSQL) tests the real thing."""

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from django.conf import settings
from django.db import connection

from solozere.core.local_server import gunicorn_server

ROUNDS = 3
BASE_DIR = Path(settings.BASE_DIR)


def _run(args, env, timeout=120):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def server_env(tmp_path):
    """The environment of a server with a database of its own, on the same engine as this test run."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_NAME", "PYTEST_XDIST_WORKER")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONWARNINGS="ignore",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    if connection.vendor == "postgresql":
        import psycopg

        name = f"{connection.settings_dict['NAME']}_race"[:60]
        url = urlsplit(os.environ["DATABASE_URL"])
        admin = psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
        yield env
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        env["SQLITE_PATH"] = str(tmp_path / "race.sqlite3")
        yield env


@pytest.fixture
def race_server(server_env):
    _run(["manage.py", "migrate", "--noinput", "-v0"], server_env)
    seeded = json.loads(
        _run(["-c", f"import django; django.setup(); from tests.aids.race import seed; seed({ROUNDS})"], server_env)
    )
    with gunicorn_server(server_env) as base_url:
        yield base_url, seeded


def _staff_client(base_url, session_key):
    client = httpx.Client(base_url=base_url, cookies={"sessionid": session_key}, timeout=60, follow_redirects=False)
    return client


def _csrf(client, application_id):
    page = client.get(f"/equipe/aides/{application_id}/")
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _decide(client, application_id, token, barrier, responses):
    barrier.wait()  # both requests leave together
    responses[application_id] = client.post(
        f"/equipe/aides/{application_id}/accorder/",
        data={"amount": "2400", "motive": "", "csrfmiddlewaretoken": token},
    )


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_the_same_moment_cannot_exceed_the_envelope(race_server):
    base_url, seeded = race_server
    first, second = (_staff_client(base_url, key) for key in seeded["sessions"])
    for race in seeded["races"]:
        a, b = race["applications"]
        tokens = {a: _csrf(first, a), b: _csrf(second, b)}
        barrier = threading.Barrier(2)
        responses = {}
        threads = [
            threading.Thread(target=_decide, args=(first, a, tokens[a], barrier, responses)),
            threading.Thread(target=_decide, args=(second, b, tokens[b], barrier, responses)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)

        statuses = sorted(r.status_code for r in responses.values())
        assert statuses == [302, 400], statuses
        refused = next(r for r in responses.values() if r.status_code == 400)
        text = refused.text.replace("\xa0", " ").replace("\u202f", " ")
        assert "Enveloppe insuffisante : il reste 1 600 € à engager, 2 400 € ne peuvent pas être accordés." in text

        scheme = next(s for s in httpx.get(f"{base_url}/api/v1/aid-schemes").json() if s["id"] == race["scheme"])
        assert scheme["envelope"]["committed"] == 2400
        assert scheme["envelope"]["remaining"] == 1600
    first.close()
    second.close()
