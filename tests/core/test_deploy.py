"""The reference deployment (deploy/, docs/deployment.md) agrees with the settings it serves. The whole stack runs in
`make prod-check` (scripts/prodstack.py, scripts/prod_smoke.py); these checks are the part that needs no server."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from solozere.core.private_storage import private_root

ROOT = Path(settings.BASE_DIR)
NGINX = ROOT / "deploy" / "nginx" / "solozere.conf"


def _prodstack():
    spec = importlib.util.spec_from_file_location("prodstack", ROOT / "scripts" / "prodstack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rendered(media_root: Path) -> str:
    return _prodstack().render_site(
        server_name="solozere.fr",
        http_listen="80",
        https_listen="443",
        https_port=443,
        certificate="/etc/ssl/solozere/fullchain.pem",
        certificate_key="/etc/ssl/solozere/privkey.pem",
        upstreams=["127.0.0.1:8001", "127.0.0.1:8002"],
        media_root=str(media_root),
    )


def _directives(text: str, name: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line.removeprefix(name).strip().rstrip(";") for line in lines if line.startswith(name + " ")]


def test_nginx_body_limit_lets_the_largest_upload_through_and_no_more():
    (limit,) = _directives(NGINX.read_text(), "client_max_body_size")
    number = re.fullmatch(r"(\d+)m", limit)
    assert number, limit
    limit_bytes = int(number.group(1)) * 1024 * 1024
    largest = max(settings.MAX_IMAGE_UPLOAD_BYTES, settings.AIDS_MAX_UPLOAD_BYTES, settings.PLACES_EVIDENCE_MAX_BYTES)
    # One file per form, with its fields and the multipart framing.
    assert largest + 256 * 1024 <= limit_bytes <= 2 * largest


def test_nginx_serves_only_public_media_from_disk(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = ""
    text = _rendered(settings.MEDIA_ROOT)
    served = [Path(path) for path in _directives(text, "alias") + _directives(text, "root")]
    assert served == [settings.MEDIA_ROOT]
    assert not private_root().is_relative_to(settings.MEDIA_ROOT)
    # Static files are the app's (WhiteNoise, hashed names): no location of their own.
    assert not any(location.startswith("/static") for location in _directives(text, "location"))


def test_nginx_tells_the_app_the_scheme_and_the_client_address():
    text = _rendered(Path("/srv/solozere/var/media"))
    headers = dict(item.split(None, 1) for item in _directives(text, "proxy_set_header"))
    assert headers["X-Forwarded-Proto"] == "$scheme"
    # Appended by nginx, last: ALLAUTH_TRUSTED_PROXY_COUNT = 1 in config/settings/prod.py reads that one.
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert headers["X-Real-IP"] == "$remote_addr"
    assert "return 301 https://$host$request_uri" in text
    upstreams = [server for server in _directives(text, "server") if server != "{"]
    assert upstreams == ["127.0.0.1:8001 max_fails=1 fail_timeout=5s", "127.0.0.1:8002 max_fails=1 fail_timeout=5s"]


def test_every_placeholder_of_the_nginx_template_is_filled():
    assert "@" not in re.sub(r"#.*", "", _rendered(Path("/srv/solozere/var/media")))


def test_production_settings_count_the_client_behind_one_proxy():
    # config.settings.prod refuses to load without a real SECRET_KEY: read it in a process of its own.
    code = "import config.settings.prod as prod; print(prod.ALLAUTH_TRUSTED_PROXY_COUNT, prod.SECURE_PROXY_SSL_HEADER)"
    env = {**os.environ, "SECRET_KEY": "x" * 50}
    env.pop("TRUSTED_PROXY_COUNT", None)
    result = subprocess.run(  # noqa: S603 -- this interpreter, our code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split(maxsplit=1) == ["1", "('HTTP_X_FORWARDED_PROTO', 'https')\n"]
