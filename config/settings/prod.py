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
