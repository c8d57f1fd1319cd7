from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY, env_bool

if SECRET_KEY.startswith("insecure"):
    raise RuntimeError("SECRET_KEY must be set in production.")
DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Demo content (issue 8) ---
# Never under production settings, whatever the environment says.
DEMO_CONTENT_ALLOWED = False
