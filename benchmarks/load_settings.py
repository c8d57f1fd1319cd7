"""Settings for benchmarks/load.py: the production settings (config.settings.prod: DEBUG off, manifest static files,
the production middleware) plus the benchmark-only "fortunes" app and URLconf (the product's URLs and /fortunes/).

BENCH_STATIC_ROOT is where load.py ran collectstatic (a temporary directory)."""

import os

from config.settings.prod import *  # noqa: F403
from config.settings.prod import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.fortunes"]
ROOT_URLCONF = "benchmarks.fortunes.urls"
# The benchmark's throw-away database holds the demo places, as `make run` does: production settings refuse them.
DEMO_CONTENT_ALLOWED = True
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
