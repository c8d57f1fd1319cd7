"""Hermetic and fast: no network, no tiles, in-memory mail, immediate tasks."""

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MAP_TILE_URL = ""
MAP_TILE_ATTRIBUTION = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False  # the locmem cache outlives a test: limits would leak between tests
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]

# --- Security headers and quiet client errors (issue 8) ---
LOGGING = quiet_client_errors(LOGGING)
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)

# --- Cached anonymous pages (issue 8) ---
# Off in the tests, which count the queries of each view and change rows between two requests without signals;
# tests/core/test_page_cache.py turns it on (settings.PAGE_CACHE_SECONDS) to test the cache itself.
PAGE_CACHE_SECONDS = 0

# --- Sign-in hardening and rate limits (issue 8) ---
# Like ACCOUNT_RATE_LIMITS: off for the suite; the tests of the limits switch them on and clear the cache.
SOLOZERE_RATE_LIMITS = {}
MFA_REQUIRED_FOR_STAFF = True
