"""Benchmark of the places pages and API with 1,000 then 10,000 places.

    .venv/bin/python benchmarks/places.py                  # a fresh SQLite file in a temporary directory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/places.py
                                                           # a fresh database created (and dropped) on that server
    BENCH_REQUESTS=20 .venv/bin/python benchmarks/places.py   # fewer requests per URL (default 50)

Settings: benchmarks/settings.py, i.e. the production settings (DEBUG off) with a random SECRET_KEY and the plain
static storage (no collectstatic needed). The script migrates, imports the territory, generates places spread over
the communes of Lozère (bulk_create; reproducible, seed 48), starts gunicorn (2 sync workers) on a free loopback
port, sends sequential requests to each URL and prints the median and 95th percentile of the latency as seen by the
client. Gunicorn's queries cannot be seen from here, so the SQL queries of one request are counted in-process,
against the same database, with django.test.utils.CaptureQueriesContext. Gunicorn is stopped and the temporary
database removed at the end, whatever happens."""

import datetime as dt
import os
import platform
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000)
REQUESTS = max(1, min(int(os.environ.get("BENCH_REQUESTS", "50")), 200))
WARMUP = 3
WORKERS = 2
URLS = [
    "/lieux/",
    "/lieux/?commune=Mende&radius=20",
    "/api/v1/places",
    "/api/v1/places?commune=Mende&radius=20",
    "/api/v1/places.geojson",
    "/api/v1/places.geojson?commune=Mende&radius=20",
]
HOURS = ["", "", "Mo-Fr 09:00-12:00,14:00-18:00", "Mo-Sa 08:00-19:00; PH off", "24/7", "Tu-Sa 10:00-18:00", "Mo-Fr"]


@contextmanager
def fresh_database() -> Iterator[str]:
    """Sets DATABASE_URL or SQLITE_PATH to a new, empty database; removes it afterwards."""
    bench_url = os.environ.get("BENCH_DATABASE_URL")
    if not bench_url:
        directory = tempfile.mkdtemp(prefix="solozere-bench-")
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
        try:
            yield "SQLite (fichier temporaire, WAL)"
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return

    import psycopg

    name = f"solozere_bench_{os.getpid()}"
    parts = urlsplit(bench_url)
    with psycopg.connect(bench_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield f"PostgreSQL ({parts.hostname}, base temporaire {name})"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(bench_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["SECURE_COOKIES"] = "false"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_schema() -> None:
    from django.conf import settings
    from django.core.management import call_command

    from solozere.territory.services import territory_import

    call_command("migrate", verbosity=0, interactive=False)
    territory_import(data_dir=settings.TERRITORY_DATA_DIR)


def generate_places(total: int, rng: random.Random) -> None:
    """Adds places until there are `total`. Spread over the current communes, around their town hall."""
    from solozere.places.models import Access, NetworkStatus, Place, PlaceKind, Technology, Wifi
    from solozere.territory.models import Commune

    communes = list(Commune.objects.filter(kind=Commune.Kind.CURRENT, latitude__isnull=False))
    start = Place.objects.count()
    statuses = [NetworkStatus.OPEN] * 5 + [NetworkStatus.MEMBER] * 3 + [NetworkStatus.PROJECT, NetworkStatus.CLOSED]

    def maybe() -> bool | None:
        return rng.choice([True, False, None])

    batch = []
    for index in range(start, total):
        commune = rng.choice(communes)
        assert commune.latitude is not None and commune.longitude is not None  # filtered above
        known_address = rng.random() < 0.6
        batch.append(
            Place(
                name=f"Lieu de mesure {index:05d}",
                slug=f"lieu-de-mesure-{index:05d}",
                kind=rng.choice(PlaceKind.values),
                status=rng.choice(statuses),
                is_demo=rng.random() < 0.1,
                commune=commune,
                address=f"{rng.randint(1, 40)} rue du Bourg" if known_address else "",
                latitude=commune.latitude + rng.uniform(-0.02, 0.02),
                longitude=commune.longitude + rng.uniform(-0.02, 0.02),
                location_is_approximate=not known_address,
                access=rng.choice(Access.values),
                wifi=rng.choice(Wifi.values),
                dedicated_telework_space=maybe(),
                private_offices=maybe(),
                open_space=maybe(),
                meeting_room=maybe(),
                videoconference=maybe(),
                printing=maybe(),
                reception_animation=maybe(),
                kitchen=maybe(),
                wheelchair_access=maybe(),
                parking=maybe(),
                technology=rng.choice(Technology.values),
                opening_hours=rng.choice(HOURS),
                desks=rng.choice([None, 2, 4, 8, 12]),
                phone="04 66 00 00 00" if rng.random() < 0.5 else "",
            )
        )
    Place.objects.bulk_create(batch, batch_size=1000)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))  # nearest-rank
    return ordered[rank]


def measure(base_url: str, url: str) -> dict[str, object]:
    import httpx
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        Client().get(url)
    queries = len(captured)

    timings, statuses, size = [], set(), 0
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for index in range(WARMUP + REQUESTS):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if index >= WARMUP:
                timings.append(elapsed)
                statuses.add(response.status_code)
                size = len(response.content)
    return {
        "status": "/".join(str(s) for s in sorted(statuses)),
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "bytes": size,
        "queries": queries,
    }


def visible_places() -> int:
    from solozere.places.models import NetworkStatus, Place

    return Place.objects.exclude(status=NetworkStatus.CLOSED).count()


def main() -> None:
    rng = random.Random(48)
    with fresh_database() as database:
        setup_django()
        prepare_schema()
        from solozere.core.local_server import gunicorn_server

        print(f"# Benchmark SoLozère — {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
        print(
            f"Machine : {platform.node()}, {platform.machine()}, {os.cpu_count()} cœurs, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
        )
        print(f"Base : {database} ; gunicorn {WORKERS} workers sync ; {REQUESTS} requêtes séquentielles par URL")
        print(f"(+{WARMUP} d'échauffement), latence côté client ; requêtes SQL comptées en processus.")
        print(
            "Charge de la machine (load average 1/5/15 min) au départ : {:.2f} / {:.2f} / {:.2f}".format(
                *os.getloadavg()
            )
        )
        rows = []
        with gunicorn_server(os.environ, workers=WORKERS, request_timeout=120) as base_url:
            for size in SIZES:
                generate_places(size, rng)
                for url in URLS:
                    result = measure(base_url, url)
                    rows.append((size, url, result))
                    print(
                        f"  {size:>6} lieux  {url:<50} {result['status']:>4}  médiane {result['median']:8.1f} ms  "
                        f"p95 {result['p95']:8.1f} ms  {result['queries']:>3} req. SQL",
                        file=sys.stderr,
                    )
                print(f"(à {size} lieux : {visible_places()} non fermés, renvoyés sans filtre)", file=sys.stderr)
        print("Charge de la machine à la fin : {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        print()
        print("| lieux | URL | statut | médiane (ms) | p95 (ms) | taille (octets) | requêtes SQL |")
        print("|---:|---|:-:|---:|---:|---:|---:|")
        for size, url, result in rows:
            print(
                f"| {size} | `{url}` | {result['status']} | {result['median']:.1f} | {result['p95']:.1f} "
                f"| {result['bytes']} | {result['queries']} |"
            )


if __name__ == "__main__":
    main()
