"""Settings for benchmarks/places.py: the production settings (DEBUG off, production middleware, SQLite in WAL mode
or PostgreSQL through DATABASE_URL), except the static files storage, which is the plain one so that the benchmark
needs no collectstatic (it requests no static file; templates only build their URLs)."""

from config.settings.prod import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
# Nothing collected: no directory for WhiteNoise to scan (it would warn at every worker start).
STATIC_ROOT = None  # type: ignore[assignment]
# The test client speaks plain HTTP: what is measured is the view, not the production redirect to HTTPS.
SECURE_SSL_REDIRECT = False
