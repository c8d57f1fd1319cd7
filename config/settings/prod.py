from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env, env_bool

if SECRET_KEY.startswith("insecure"):
    raise RuntimeError("SECRET_KEY must be set in production.")
DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Proxy and client IP (issue 8) ---
# nginx (deploy/nginx/solozere.conf) terminates TLS, sends X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above) and
# appends the address it sees to X-Forwarded-For ($proxy_add_x_forwarded_for). allauth (and the rate limits that ask
# it) takes the client as the last TRUSTED_PROXY_COUNT-th address of that header: 1 for nginx alone, 2 with a load
# balancer in front of it. Addresses a client writes itself come before and are never read. gunicorn listens on
# 127.0.0.1 only, so nothing reaches it without going through nginx.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))

# --- Demo content (issue 8) ---
# Never under production settings, whatever the environment says.
DEMO_CONTENT_ALLOWED = False

# --- HTTPS, HSTS and the error tracker (issue 8) ---
# nginx terminates TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above), so the redirect does not loop.
# /healthz answers over plain HTTP too, for a monitor on the machine itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Optional error tracker: nothing is sent anywhere unless SENTRY_DSN is set. No personal data, no tracing by default.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE") or None,
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
