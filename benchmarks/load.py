"""Load benchmark: every public page and API list under concurrent load, against Django's own ceiling ("fortunes").

    make benchmark-load                                   # or .venv/bin/python benchmarks/load.py
    .venv/bin/python benchmarks/load.py --stack gunicorn --duration 5 --places 1000
    .venv/bin/python benchmarks/load.py --only /lieux/ --connections 16

What it runs, in one go:
- a fresh PostgreSQL database (created on --database-url's server, dropped at the end) with the reference data of
  `make setup-db` (territory, aid schemes, places, charter, demo, labels) and generated places up to --places;
  a tiny `bench_fortune` table with TechEmpower's twelve fortunes;
- `collectstatic` with the production (manifest) storage into a temporary directory;
- a Redis server on a free loopback port when `redis-server` exists, given to the stack as CACHE_URL (the shared
  cache of production; ignored by code that has no such setting);
- the stack, settings `benchmarks.load_settings` (= config.settings.prod + the benchmark-only /fortunes/ URL):
  `--stack prodstack` calls `scripts/prodstack.py up --dir DIR --env KEY=VALUE...` (nginx TLS → 2 gunicorn →
  PostgreSQL; its base URL is the last http(s) URL it prints) and `down --dir DIR` at the end; `--stack gunicorn`
  (the fallback, and the default while scripts/prodstack.py does not exist) starts 2 sync gunicorn workers itself;
- wrk (Debian package, installed when missing and root) with benchmarks/wrk_report.lua for p50/p95/p99, --duration
  seconds per URL and per connection count after a 1 s warm-up; a bounded asyncio client (httpx) when wrk cannot be
  had. Only loopback addresses are ever loaded.

It prints one table (HTTP status, req/s, p50/p95/p99 in ms, error answers, ratio to fortunes' req/s at the same
connection count, fortunes being measured again every FORTUNES_EVERY URLs because the machine is shared) and checks the goals of issue 8: every page and list ≥ 0.25 x fortunes and p95 < 100 ms at 16 connections.
Exit code 0 whatever the figures (a measurement, not a test), 1 when the stack could not be set up."""

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
PRODSTACK = ROOT / "scripts" / "prodstack.py"
GOAL_RATIO = 0.25
GOAL_P95_MS = 100.0
FORTUNES_EVERY = 6


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=["prodstack", "gunicorn"], default=None)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--places", type=int, default=1000, help="places in the database (generated up to it)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per URL and connection count (1-60)")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", action="append", default=[], help="measure only these paths (and fortunes)")
    parser.add_argument("--no-cache-server", action="store_true", help="do not start Redis (no CACHE_URL)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 60))
    args.connections = [max(1, min(int(c), 256)) for c in args.connections.split(",")]
    if args.stack is None:
        args.stack = "prodstack" if PRODSTACK.exists() else "gunicorn"
    return args


# --- database ---------------------------------------------------------------------------------------------------


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    import psycopg

    name = f"solozere_load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    try:
        yield url
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def stack_environment(database_url: str, static_root: str, cache_url: str | None) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
        "BENCH_STATIC_ROOT": static_root,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # One address sends all the load: the per-address limits (300 API requests a minute) would answer 429.
        "DISABLE_RATE_LIMITS": "1",
        # The fallback stack is plain HTTP on loopback; behind prodstack's nginx every request is HTTPS anyway.
        "SECURE_SSL_REDIRECT": "false",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def prepare(env: dict[str, str], places: int) -> dict[str, str]:
    """Schema, reference data, generated places, fortunes, static files. Returns slugs for the URL list."""
    os.environ.update(env)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.fortunes.models import FORTUNES, Fortune
    from benchmarks.places import generate_places

    for command in ("migrate", "import_territory", "load_aid_schemes", "import_places", "load_charter", "load_demo"):
        call_command(
            command, verbosity=0, stdout=io.StringIO(), **({"interactive": False} if command == "migrate" else {})
        )
    generate_places(places, random.Random(48))
    call_command("label_demo_places", verbosity=0, stdout=io.StringIO())
    call_command("createcachetable", verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(Fortune)
    Fortune.objects.bulk_create(Fortune(message=message) for message in FORTUNES)
    call_command("collectstatic", verbosity=0, interactive=False)

    from solozere.aids.models import AidScheme
    from solozere.places.models import NetworkStatus, Place

    place = Place.objects.filter(is_demo=False).exclude(status=NetworkStatus.CLOSED).order_by("pk").first()
    scheme = AidScheme.objects.order_by("pk").first()
    connection.close()
    return {"place": place.slug if place else "", "scheme": scheme.slug if scheme else ""}


def urls_to_measure(slugs: dict[str, str]) -> list[tuple[str, str]]:
    """(group, path): every public page an anonymous visitor can open, and every API list."""
    pages = [
        "/",
        "/lieux/",
        "/lieux/?kind=comptoir&service=wifi",
        f"/lieux/{slugs['place']}/" if slugs["place"] else "",
        "/lieux/charte/",
        "/communaute/",
        "/aide-teletravail/",
        f"/aide-teletravail/dispositifs/{slugs['scheme']}/" if slugs["scheme"] else "",
        f"/aide-teletravail/dispositifs/{slugs['scheme']}/?commune=Mende&company_departement=48&new_setup=yes"
        if slugs["scheme"]
        else "",
        "/opendata/",
        "/mentions-legales/",
        "/accessibilite/",
        "/donnees-personnelles/",
        "/accompagnement/",
        "/agenda/",
    ]
    api = ["/api/v1/places", "/api/v1/stats/community", "/api/v1/aid-schemes"]
    return [("page", url) for url in pages if url] + [("api", url) for url in api]


# --- servers ----------------------------------------------------------------------------------------------------


@contextmanager
def redis_server() -> Iterator[str | None]:
    binary = shutil.which("redis-server")
    if not binary:
        yield None
        return
    from solozere.core.local_server import free_port

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="solozere-load-redis-") as directory:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.3)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def gunicorn_stack(env: dict[str, str], workers: int) -> Iterator[str]:
    from solozere.core.local_server import gunicorn_server

    with gunicorn_server({**os.environ, **env}, workers=workers, request_timeout=120) as base_url:
        yield base_url


@contextmanager
def prodstack(env: dict[str, str]) -> Iterator[str]:
    directory = tempfile.mkdtemp(prefix="solozere-load-stack-")
    command = [sys.executable, str(PRODSTACK), "up", "--dir", directory]
    for key, value in env.items():
        command += ["--env", f"{key}={value}"]
    try:
        output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600).stdout
        urls = [
            word for line in output.splitlines() for word in line.split() if word.startswith(("http://", "https://"))
        ]
        if not urls:
            raise RuntimeError(f"scripts/prodstack.py up printed no URL: {output[-1000:]}")
        yield urls[-1].rstrip("/")
    finally:
        subprocess.run([sys.executable, str(PRODSTACK), "down", "--dir", directory], cwd=ROOT, check=False, timeout=300)
        shutil.rmtree(directory, ignore_errors=True)


# --- load generators --------------------------------------------------------------------------------------------


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which("wrk")


def drain(base_url: str, timeout: float = 120) -> None:
    """Waits until the stack answers /healthz quickly again: sync workers still serve the requests that a finished
    run left queued (wrk closes its connections, the server cannot know), which would be counted against the next."""
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client(verify=False, timeout=timeout) as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            client.get(f"{base_url}/healthz")
            if time.perf_counter() - started < 0.05:
                return
            time.sleep(0.2)


def run_wrk(wrk: str, url: str, connections: int, duration: int) -> dict[str, float]:
    threads = str(min(2, connections))
    base_url = urlunsplit(urlsplit(url)._replace(path="", query=""))
    warm_up = [wrk, "-t", threads, "-c", str(connections), "-d", "1s", url]
    subprocess.run(warm_up, capture_output=True, check=False)
    drain(base_url)
    result = subprocess.run(
        [wrk, "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=False,
    )
    drain(base_url)
    for line in result.stdout.splitlines():
        if line.startswith("JSON "):
            data: dict[str, float] = json.loads(line[5:])
            return data
    raise RuntimeError(f"wrk gave no report for {url}: {result.stdout[-500:]} {result.stderr[-500:]}")


def run_python_client(url: str, connections: int, duration: int) -> dict[str, float]:
    """The fallback: `connections` asyncio tasks sending requests one after the other for `duration` seconds."""
    import httpx

    async def main() -> dict[str, float]:
        latencies: list[float] = []
        failures = 0
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=10, verify=False) as client:
            deadline = time.perf_counter() + duration

            async def worker() -> None:
                nonlocal failures
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    try:
                        response = await client.get(url)
                        ok = response.status_code < 400
                    except httpx.HTTPError:
                        ok = False
                    latencies.append((time.perf_counter() - started) * 1e6)
                    failures += not ok

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(connections)))
            elapsed = time.perf_counter() - started
        latencies.sort()

        def pct(fraction: float) -> float:
            return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))] if latencies else 0.0

        return {
            "requests": len(latencies),
            "duration_us": elapsed * 1e6,
            "p50_us": pct(0.50),
            "p95_us": pct(0.95),
            "p99_us": pct(0.99),
            "non2xx": failures,
            "errors": 0,
        }

    return asyncio.run(main())


# --- report -----------------------------------------------------------------------------------------------------


def measure(wrk: str | None, base_url: str, path: str, connections: int, duration: int) -> dict[str, object]:
    import httpx

    url = base_url + path
    status = httpx.get(url, verify=False, timeout=60).status_code  # what a visitor gets (wrk counts 3xx as fine)
    data = run_wrk(wrk, url, connections, duration) if wrk else run_python_client(url, connections, duration)
    return {
        "status": status,
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "bad": int(data["non2xx"] + data["errors"]),
    }


def main() -> int:
    args = parse_args()
    wrk = ensure_wrk()
    started_at = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()
    results: list[dict[str, object]] = []
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="solozere-load-static-") as static_root:
        cache_url = None if args.no_cache_server else stack.enter_context(redis_server())
        database_url = stack.enter_context(fresh_database(args.database_url))
        env = stack_environment(database_url, static_root, cache_url)
        print(
            "Préparation de la base (données de référence, lieux générés, fortunes) et collectstatic…", file=sys.stderr
        )
        slugs = prepare(env, args.places)
        try:
            base_url = stack.enter_context(
                prodstack(env) if args.stack == "prodstack" else gunicorn_stack(env, args.workers)
            )
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print(f"La pile n'a pas démarré : {error}", file=sys.stderr)
            return 1
        targets = [("fortunes", "/fortunes/"), *urls_to_measure(slugs)]
        if args.only:
            targets = [target for target in targets if target[0] == "fortunes" or target[1] in args.only]
        for connections in args.connections:
            fortunes_rps = 0.0
            for index, (group, path) in enumerate(targets):
                if group == "fortunes" and index:
                    continue
                # The machine is shared: fortunes is measured again every FORTUNES_EVERY URLs and each page is
                # compared with the nearest measurement, not with one taken minutes before under another load.
                if index and index % FORTUNES_EVERY == 0:
                    again = measure(wrk, base_url, "/fortunes/", connections, args.duration)
                    fortunes_rps = again["rps"]
                    results.append({"group": "fortunes", "path": "/fortunes/", "connections": connections, **again})
                row = {"group": group, "path": path, "connections": connections}
                row.update(measure(wrk, base_url, path, connections, args.duration))
                if group == "fortunes":
                    fortunes_rps = row["rps"]
                row["ratio"] = row["rps"] / fortunes_rps if fortunes_rps else 0.0
                results.append(row)
                print(
                    f"  c={connections:<3} {path:<70} {row['rps']:8.1f} req/s  p95 {row['p95']:7.1f} ms "
                    f"x{row['ratio']:.2f} (HTTP {row['status']})",
                    file=sys.stderr,
                )
    for row in results:
        row.setdefault("ratio", 1.0)

    print(f"# Charge SoLozère — {started_at:%Y-%m-%d %H:%M} UTC")
    print(
        f"Machine : {platform.node()}, {os.cpu_count()} cœurs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()} ; charge (load average 1/5/15) au départ "
        f"{load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f}, à la fin "
        "{:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    )
    print(
        f"Pile : {args.stack} ({args.workers} workers gunicorn sync, benchmarks.load_settings), PostgreSQL, "
        f"{'Redis' if cache_url else 'sans Redis'} ; {args.places} lieux ; "
        f"{'wrk' if wrk else 'client asyncio httpx'} {args.duration} s par URL et par nombre de connexions."
    )
    print()
    print("| connexions | URL | HTTP | req/s | p50 (ms) | p95 (ms) | p99 (ms) | erreurs | x fortunes | objectifs |")
    print("|---:|---|:-:|---:|---:|---:|---:|---:|---:|:-:|")
    misses = 0
    for row in results:
        goal = ""
        if row["group"] != "fortunes" and row["connections"] == 16:
            ok = row["ratio"] >= GOAL_RATIO and row["p95"] < GOAL_P95_MS and not row["bad"] and row["status"] == 200
            misses += not ok
            goal = "oui" if ok else "**non**"
        print(
            f"| {row['connections']} | `{row['path']}` | {row['status']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p95']:.1f} "
            f"| {row['p99']:.1f} | {row['bad']} | {row['ratio']:.2f} | {goal} |"
        )
    print()
    print(
        f"Objectifs (16 connexions : ≥ {GOAL_RATIO} x fortunes et p95 < {GOAL_P95_MS:.0f} ms, aucune erreur) : "
        f"{'tous atteints' if not misses else f'{misses} URL en dessous'}."
    )
    if args.json:
        args.json.write_text(json.dumps({"started_at": started_at.isoformat(), "rows": results}, indent=1))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
