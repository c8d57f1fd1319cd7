"""Settings shared by every environment. The environment is read here, once."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = os.environ.get


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER (TemplatesSetting renders through TEMPLATES)
    "django_htmx",
    "django_filters",
    "ninja",  # its templates and static files: the API docs are served locally, never from a CDN
    "django_tasks",
    "django_tasks_db",
    # Before allauth: our account/ and allauth/ templates override allauth's (APP_DIRS follows this order).
    "solozere.accounts",
    "allauth",
    "allauth.account",
    "solozere.core",
    "solozere.territory",
    "solozere.places",
    "solozere.organisations",
    "solozere.charter",
    "solozere.community",
    "solozere.bookings",
    "solozere.events",
    "solozere.aids",
    "solozere.resources",
    "solozere.accompaniment",
    "solozere.api",
    "solozere.pages",
    "solozere.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "solozere.core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
# A form sent from a stale page: French, and the forms that can show again what was typed do (solozere/core/csrf.py).
CSRF_FAILURE_VIEW = "solozere.core.csrf.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

# One field template for every form: `{{ field.as_field_group }}` renders components/field.html.
FORM_RENDERER = "solozere.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "solozere.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite (WAL) by default so that `make run` needs no server; PostgreSQL via DATABASE_URL.
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3"))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if env("TEST_DATABASE_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN: concurrent writers queue on busy_timeout
                # instead of failing with "database is locked" when a read transaction upgrades.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every app process (rate limits of sign-in, sign-up, password reset): never process memory.
# The table is created by the core migration 0002, so every database that is migrated has it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "solozere_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: e-mail is the identifier and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SoLozère] "
ACCOUNT_ADAPTER = "solozere.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"solozere.accounts.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "reset_password": "ResetPasswordForm",
    }.items()
}
# allauth merges this dict over its defaults; False (not {} nor None) switches rate limiting off.
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = False if env_bool("DISABLE_RATE_LIMITS") else {}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads: refuse huge bodies before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = int(env("MAX_IMAGE_UPLOAD_BYTES", str(8 * 1024 * 1024)))
# Private files (aid documents, charter evidence): never served by a URL. Empty: "private" beside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", "")
AIDS_MAX_UPLOAD_BYTES = int(env("AIDS_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
PLACES_EVIDENCE_MAX_BYTES = int(env("PLACES_EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))
# A document of the resource centre (a guide, a study): under the 10 MiB the reference nginx accepts for a request.
RESOURCES_MAX_UPLOAD_BYTES = int(env("RESOURCES_MAX_UPLOAD_BYTES", str(8 * 1024 * 1024)))

# E-mail goes through the task queue after commit (solozere.core.mail).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SoLozère <ne-pas-repondre@solozere.fr>")
CONTACT_EMAIL = env("CONTACT_EMAIL", "contact@solozere.fr")
# Who receives the staff's notifications of each domain; empty: CONTACT_EMAIL.
AIDS_INSTRUCTION_EMAIL = env("AIDS_INSTRUCTION_EMAIL", "")
PLACES_NETWORK_EMAIL = env("PLACES_NETWORK_EMAIL", "")
ACCOMPANIMENT_NETWORK_EMAIL = env("ACCOMPANIMENT_NETWORK_EMAIL", "")

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Map tiles are settings: never hard-coded, and empty in tests so that nothing is fetched.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">contributeurs OpenStreetMap</a>',
)

SITE_NAME = env("SITE_NAME", "SoLozère")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
TERRITORY_DATA_DIR = Path(env("TERRITORY_DATA_DIR", str(BASE_DIR / "data" / "territory" / "lozere")))
COMMUNITY_GOAL = int(env("COMMUNITY_GOAL", "100"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Production stack (issue 8) ---
# Where collectstatic writes (WhiteNoise serves from there) and where the file e-mail backend writes: set by the
# reference deployment (deploy/solozere.env.example) and by scripts/prodstack.py, which builds the stack in a folder.
STATIC_ROOT = Path(env("STATIC_ROOT", str(STATIC_ROOT)))
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))

# --- Demo content (issue 8) ---
# load_demo, label_demo_places and load_demo_accounts refuse to run when this is False; prod.py forces it off.
DEMO_CONTENT_ALLOWED = env_bool("DEMO_CONTENT_ALLOWED", True)

# --- Backups (issue 8) ---
# Where `manage.py backup` writes its archives (0600 files, folder 0700): personal data, keep it off the web root.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))

# --- Files: images and private files (issue 8) ---
# Largest image we agree to decode, in pixels (width x height), read from the header before any decoding; also
# Pillow's decompression-bomb threshold (Pillow's default is 89 million). 25 million takes a 24-megapixel camera's
# photo (6000 x 4000) and every phone's ordinary one (12 to 24 Mpx); we keep 1600 px on the long side (2.6 Mpx at
# most), so nothing above is needed. A decoded copy costs 4 bytes a pixel: 100 MB at the limit, per worker.
MAX_IMAGE_PIXELS = int(env("MAX_IMAGE_PIXELS", str(25_000_000)))

# --- Security headers and quiet client errors (issue 8) ---
# Content-Security-Policy (django-csp 4): scripts and styles from our own origin, plus the per-response nonce for
# the rare inline element (`nonce="{{ request.csp_nonce }}"`). No 'unsafe-inline', no 'unsafe-eval': htmx runs with
# allowEval off (base.html's htmx-config), Leaflet sets its styles through the CSSOM, which CSP does not restrict.
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONCE, NONE, SELF  # noqa: E402


def url_origin(url: str) -> str:
    """The CSP source of a URL template such as MAP_TILE_URL: its scheme and host, `{s}` subdomains as `*`."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def content_security_policy(tile_url: str) -> dict[str, object]:
    """The site's policy; the map's tile server is allowed as an image source wherever MAP_TILE_URL points."""
    tile_origin = url_origin(tile_url)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, NONCE],
            "img-src": [SELF, "data:", *([tile_origin] if tile_origin else [])],
            "connect-src": [SELF],
            "frame-ancestors": [NONE],
            "form-action": [SELF],
            "base-uri": [SELF],
            "object-src": [NONE],
        }
    }


INSTALLED_APPS += ["csp"]  # its system checks catch settings of django-csp 3
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL)
# Permissions-Policy (solozere.core.middleware.PermissionsPolicyMiddleware). No interest-cohort: FLoC was dropped
# and Chrome reports that name as an unrecognised feature in DevTools; browsing-topics is what replaced it.
# geolocation stays open to our own pages, for "autour de moi" (issue 9).
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "solozere.core.middleware.PermissionsPolicyMiddleware"
)
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}


def quiet_client_errors(logging_config: dict) -> dict:  # type: ignore[type-arg]
    """A 4xx on django.request is one line (status, method, path, user id), never a traceback; 5xx are untouched."""
    filters = {**logging_config.get("filters", {}), "one_line_client_errors": {"()": "solozere.core.logs.OneLine"}}
    loggers = {**logging_config.get("loggers", {}), "django.request": {"filters": ["one_line_client_errors"]}}
    return {**logging_config, "filters": filters, "loggers": loggers}


LOGGING = quiet_client_errors(LOGGING)

# --- Aids: unsent drafts (issue 8) ---
# An aid application never submitted is deleted with its pieces after this many days without any change
# (`manage.py purge_aid_drafts --wet-run`, daily), and with the account of the person who wrote it.
AIDS_DRAFT_RETENTION_DAYS = int(env("AIDS_DRAFT_RETENTION_DAYS", "365"))

# --- Bookings: the waiting list (issue 10) ---
# How long, in hours, the first in line has to take a freed seat before it goes to the next (never past the start
# of the slot minus the resource's notice). `manage.py offer_waiting_list --wet-run` sweeps the lapsed offers.
SOLOZERE_WAITLIST_OFFER_HOURS = int(env("WAITLIST_OFFER_HOURS", "12"))

# --- Events: registrations (issue 11) ---
# How long, in hours, the first on an event's waiting list has to take a freed seat (never past the event's start);
# `manage.py offer_event_waiting_list --wet-run` sweeps the lapsed offers. Registrants' names, addresses and answers
# are erased this many days after the event (`manage.py purge_event_registrations --wet-run`, daily).
EVENT_WAITLIST_OFFER_HOURS = int(env("EVENT_WAITLIST_OFFER_HOURS", "24"))
EVENT_REGISTRATION_RETENTION_DAYS = int(env("EVENT_REGISTRATION_RETENTION_DAYS", "180"))

# --- Accompaniment: nobody is forgotten (issue 12) ---
# A request an organisation has not taken reminds, after this many working days (French public holidays excluded)
# since it reached the organisation: the organisation, then the request's lead organisation, then the network's staff
# (`manage.py remind_accompaniment --wet-run`, daily). Three increasing numbers, separated by commas.
ACCOMPANIMENT_REMINDER_DAYS = tuple(int(days) for days in env("ACCOMPANIMENT_REMINDER_DAYS", "3,5,8").split(","))
# A request counts as answered in time when its first answer came within this many working days (public statistics).
ACCOMPANIMENT_ANSWER_DEADLINE_DAYS = int(env("ACCOMPANIMENT_ANSWER_DEADLINE_DAYS", "5"))
# How long, in days, the signed link in an agent's e-mail lets them answer that request without signing in.
ACCOMPANIMENT_ANSWER_LINK_DAYS = int(env("ACCOMPANIMENT_ANSWER_LINK_DAYS", "14"))

# --- Shared cache and cached anonymous pages (issue 8) ---
# CACHE_URL (or REDIS_URL), e.g. redis://127.0.0.1:6379/0: the cache shared by every app process (Redis), used by
# the page cache of solozere/core/page_cache.py and the versions of solozere/core/cache_version.py. Without it, the
# database cache above (fine for `make run`; never a per-process memory cache, which the processes would not share).
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "solozere"),
        }
    }
# How long a cached anonymous page lives at most (seconds): a change the signals cannot see (QuerySet.update, an
# import in bulk) shows within this time; every change they see shows at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))

# --- Sign-in hardening and rate limits (issue 8) ---
# Second factor (allauth's MFA): an authenticator app (TOTP) and its recovery codes. Staff and superusers must have
# one before any staff page (/equipe/, /gestion/): solozere.accounts.middleware.StaffSecondFactorMiddleware.
INSTALLED_APPS += ["allauth.mfa"]  # after solozere.accounts, whose mfa/ templates override allauth's
MIDDLEWARE += ["solozere.accounts.middleware.StaffSecondFactorMiddleware"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", True)
# The real client behind the proxy, for every rate limit (allauth's and ours): ALLAUTH_TRUSTED_PROXY_COUNT (prod.py,
# from TRUSTED_PROXY_COUNT), or instead a header that the proxy alone sets.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None
if ACCOUNT_RATE_LIMITS is not False:
    # allauth's default for sign-ups is 20/m/ip only: a robot may open 28,800 accounts a day from one address.
    ACCOUNT_RATE_LIMITS = {"signup": "20/m/ip,60/h/ip,200/d/ip"}
# Our limits, in allauth's syntax ("amount/duration/per", per: ip or user; several separated by commas), counted in
# the shared cache by solozere.core.ratelimit. A limit "per user" does not apply to someone not signed in.
SOLOZERE_RATE_LIMITS: dict[str, str] = (
    {}
    if env_bool("DISABLE_RATE_LIMITS")
    else {
        # A visitor proposes a correction to a place page (on top of the 5 an hour per address of the service).
        "place_correction": "10/h/ip,30/d/ip,30/d/user",
        # A member reports a profile or a received message.
        "community_report": "30/h/ip,10/h/user,30/d/user",
        # A member writes to another through the directory, or answers (on top of the daily count of the service).
        "community_message": "60/h/ip,20/h/user",
        # A company writes to the instructors from its application.
        "aid_message": "60/h/ip,20/h/user,100/d/user",
        # Every API call, GET included.
        "api": "300/m/ip,300/m/user",
        # Private calendar feeds: only unknown addresses are counted (calendar services poll every person's feed
        # from a few shared addresses, so a limit on every read would cut everyone's calendar).
        "calendar_feed_miss": "30/h/ip,100/d/ip",
        # A visitor registers for an event with an e-mail address (each request sends a confirmation e-mail).
        "event_registration": "10/h/ip,30/d/ip",
        # A project request (a visitor's sends a confirmation e-mail), and the person's replies from its private link.
        "accompaniment_request": "10/h/ip,30/d/ip,10/d/user",
        "accompaniment_message": "30/h/ip,100/d/ip",
    }
)

# ==== aids (issue 9, helper `aids`) ====
# The authority named on the aid decision letters, and whose decisions are appealed (tribunal administratif de
# Nîmes, competent for Lozère: docs in solozere/aids/templates/aids/decision_letter.html).
AIDS_DECISION_AUTHORITY = env("AIDS_DECISION_AUTHORITY", "Conseil départemental de la Lozère")
# ==== end aids ====
# ==== signup (issue 9): the destination (`next`) survives sign-up, e-mail confirmation and log-in. ====
# Opening the confirmation link in the session that signed up resumes the sign-in and lands on the sign-up's `next`
# (allauth only logs in when that pending sign-in is in the session). See AccountAdapter.get_email_confirmation_url.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# ==== end signup ====
# ==== accompaniment: project requests (issue 12, helper i12-request) ====
# How long a project request is kept after it ends (closed or withdrawn), in months: said on the form's consent.
# The visitor's confirmation link lasts as long as an event registration's (CONFIRMATION_HOURS, events).
ACCOMPANIMENT_RETENTION_MONTHS = int(env("ACCOMPANIMENT_RETENTION_MONTHS", "24"))
# ==== end accompaniment ====
