"""Benchmark of the places GeoJSON at 10,000 places: size (raw and as sent gzip-compressed), time, SQL queries, and
the conditional request (If-None-Match) that a map's browser sends the second time.

    .venv/bin/python benchmarks/geojson.py                # a fresh SQLite file in a temporary directory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/geojson.py
    BENCH_REQUESTS=10 .venv/bin/python benchmarks/geojson.py   # fewer requests per measure (default 20)

Same database, settings and places as benchmarks/places.py (production settings, real territory, places generated
around the town halls, seed 48). The requests go through Django's whole stack in-process (django.test.Client: every
middleware, no network), which measures the server's work without the noise of a shared machine's sockets; the
median and the 95th percentile of N requests after 3 warm-up ones are printed."""

import gzip
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.places import fresh_database, generate_places, percentile, prepare_schema, setup_django

SIZE = 10_000
REQUESTS = max(1, min(int(os.environ.get("BENCH_REQUESTS", "20")), 200))
WARMUP = 3
URL = "/api/v1/places.geojson"


def timed(client, url: str, **headers: str) -> tuple[list[float], list[float], object]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU time (of this process) per request: on a shared machine the CPU time is the steadier."""
    timings, cpu, response = [], [], None
    for index in range(WARMUP + REQUESTS):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        elapsed, elapsed_cpu = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
        if index >= WARMUP:
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
    return timings, cpu, response


def line(label: str, measured, body: bytes) -> str:  # type: ignore[no-untyped-def]
    timings, cpu, response = measured
    encoding = response.get("Content-Encoding", "-")
    return (
        f"| {label} | {response.status_code} | {encoding} | {len(body)} | {statistics.median(timings):.1f} "
        f"| {percentile(timings, 0.95):.1f} | {statistics.median(cpu):.1f} |"
    )


def main() -> None:
    with fresh_database() as database:
        setup_django()
        prepare_schema()
        generate_places(SIZE, random.Random(48))
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client()
        with CaptureQueriesContext(connection) as captured:
            first = client.get(URL)
        if first.status_code != 200:
            raise SystemExit(f"GET {URL} : {first.status_code}, 200 attendu — rien à mesurer.")
        raw = first.content
        features = raw.count(b'"Feature"')
        print(f"# GeoJSON de {SIZE} lieux — {database}, {REQUESTS} requêtes par mesure (+{WARMUP} d'échauffement)")
        print(f"Charge de la machine au départ : {os.getloadavg()[0]:.2f}")
        print(f"Objets : {features} ; requêtes SQL : {len(captured)}")
        print(f"gzip -6 du corps complet, pour comparaison : {len(gzip.compress(raw, 6))} octets")
        print()
        print("| requête | statut | encodage | octets envoyés | médiane (ms) | p95 (ms) | CPU médian (ms) |")
        print("|---|:-:|:-:|---:|---:|---:|---:|")
        measured = timed(client, URL)
        print(line("sans compression", measured, measured[2].content))
        measured = timed(client, URL, accept_encoding="gzip")
        print(line("Accept-Encoding: gzip", measured, measured[2].content))
        etag = measured[2].get("ETag")
        if etag:
            with CaptureQueriesContext(connection) as captured:
                client.get(URL, headers={"if_none_match": etag})
            measured = timed(client, URL, accept_encoding="gzip", if_none_match=etag)
            print(line(f"If-None-Match (ETag), {len(captured)} req. SQL", measured, measured[2].content))
        else:
            print("| If-None-Match | pas d'ETag | | | | | |")
        print(f"\nCharge de la machine à la fin : {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
