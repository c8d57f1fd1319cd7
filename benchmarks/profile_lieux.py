"""Where the time of one /lieux/ render goes, with --places places (100 on the page), under cProfile.

    .venv/bin/python benchmarks/profile_lieux.py [--places 1000] [--requests 20] [--top 25]

A fresh SQLite database in a temporary directory, the settings of benchmarks/settings.py (production settings, plain
static storage), the page cache off (PAGE_CACHE_SECONDS=0: this measures the rendering itself), the requests sent
in-process with Django's test client after one warm-up request. Prints the mean time of a request without the
profiler, then the functions with the most cumulative time, and the share of the template rendering."""

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--places", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--url", default="/lieux/")
    args = parser.parse_args()

    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from benchmarks.places import fresh_database, generate_places, prepare_schema, setup_django

    with fresh_database():
        setup_django()
        prepare_schema()
        generate_places(args.places, random.Random(48))
        from django.test import Client

        client = Client()
        assert client.get(args.url).status_code == 200  # warm-up: templates compiled, URL resolvers filled
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(args.url)
        plain = (time.perf_counter() - started) / args.requests * 1000

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(args.url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        total = stats.total_tt  # type: ignore[attr-defined]
        render = sum(
            cumulative
            for (filename, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items()  # type: ignore[attr-defined]
            if name == "render" and filename.endswith("django/shortcuts.py")
        )
        print(f"{args.url} with {args.places} places: {plain:.1f} ms per request without the profiler")
        print(
            f"under the profiler: {total / args.requests * 1000:.1f} ms per request, template rendering "
            f"(django.shortcuts.render) {render / total * 100:.0f} %"
        )
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.print_callers(r"__cast|gettext|reverse|_parse|state_at")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:12000])


if __name__ == "__main__":
    main()
