"""Content-Security-Policy with a nonce, Permissions-Policy, HTTPS and HSTS under production settings (issue 8)."""

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.aids.factories import AidSchemeFactory
from tests.places.factories import PlaceFactory

# Script types a browser runs; anything else (application/json from json_script) is a data block, out of CSP's reach.
EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []
        self.style_elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.styled.append(self.get_starttag_text() or tag)
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self.style_elements += 1


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _nonce(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'", response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


def test_every_page_gets_the_policy_with_a_fresh_nonce(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    first, second = client.get("/"), client.get("/")
    policy = first["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ):
        assert directive in policy
    assert re.search(r"style-src 'self' 'nonce-[^']+'", policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert _nonce(first) != _nonce(second)
    assert f'nonce="{_nonce(first)}"' in first.content.decode()


def test_the_map_tile_server_is_an_image_source_wherever_the_setting_points() -> None:
    from config.settings.base import content_security_policy, url_origin

    assert url_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert url_origin("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.fr"
    assert url_origin("") == ""
    img_src = content_security_policy("https://tiles.example.net:8443/{z}/{x}/{y}.png")["DIRECTIVES"]["img-src"]  # type: ignore[index]
    assert img_src == ["'self'", "data:", "https://tiles.example.net:8443"]
    assert content_security_policy("")["DIRECTIVES"]["img-src"] == ["'self'", "data:"]  # type: ignore[index]


def test_the_permissions_policy_closes_what_the_site_does_not_use(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    header = client.get("/")["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    assert features["geolocation"] == "(self)"  # "autour de moi" (issue 9)
    for feature in ("camera", "microphone", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"


@pytest.fixture
def main_pages(territory, client, staff_user):  # type: ignore[no-untyped-def]
    place = PlaceFactory(name="Télécentre de Mende")
    scheme = AidSchemeFactory()
    anonymous = [
        "/",
        "/lieux/",
        "/lieux/?commune=Mende&radius=20",
        place.get_absolute_url(),
        reverse("aids:index"),
        reverse("aids:scheme_detail", args=[scheme.slug]) + "?commune=Saint-Ch%C3%A9ly-d%27Apcher",
        reverse("community:index"),
        "/compte/login/",
        "/api/docs",
        "/page-qui-n-existe-pas/",
    ]
    responses = [(url, client.get(url)) for url in anonymous]
    client.force_login(staff_user)
    responses += [(url, client.get(url)) for url in ["/equipe/", "/lieux/"]]
    return responses


def test_every_inline_script_carries_the_nonce_and_no_element_has_a_style_attribute(main_pages) -> None:  # type: ignore[no-untyped-def]
    for url, response in main_pages:
        assert response.status_code in {200, 404}, url
        nonce = _nonce(response)
        page = _parse(response.content.decode())
        assert page.styled == [], url
        assert page.style_elements == 0, url
        executable = [s for s in page.scripts if (s.get("type") or "").lower() in EXECUTABLE_TYPES]
        assert executable, url
        for script in executable:
            assert script.get("nonce") == nonce, (url, script)
        for script in page.scripts:
            if "src" not in script:
                assert (script.get("type") or "").lower() not in EXECUTABLE_TYPES or script.get("nonce") == nonce


def test_the_admin_gets_the_same_policy(client: Client, superuser) -> None:  # type: ignore[no-untyped-def]
    client.force_login(superuser)
    response = client.get("/gestion/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = _parse(response.content.decode())
    assert page.styled == []
    assert all("src" in script or script.get("type") == "application/json" for script in page.scripts)


# Production settings, each in a fresh interpreter: the test process keeps its test settings. ---------------------


def _prod_env(**extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SENTRY_")) and key not in {"SECRET_KEY", "DEBUG"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.prod", SECRET_KEY=secrets.token_urlsafe(50), **extra)
    return environment


def _run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _prod_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


_PROD_HTTPS = """
import django
django.setup()
from django.test import Client
client = Client()
plain = client.get("/api/openapi.json")
print(plain.status_code, plain.headers.get("Location"))
print(client.get("/healthz").status_code != 301)
secure = client.get("/api/openapi.json", headers={"x-forwarded-proto": "https"})
print(secure.status_code, secure.headers.get("Strict-Transport-Security"))
"""


def test_production_redirects_to_https_except_healthz_and_sends_hsts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    environment = _prod_env(SQLITE_PATH=str(tmp_path / "db.sqlite3"), ALLOWED_HOSTS="testserver")
    result = _run(["-c", _PROD_HTTPS], environment)
    assert result.returncode == 0, result.stderr
    redirect, healthz, secure = result.stdout.splitlines()
    assert redirect == "301 https://testserver/api/openapi.json"
    assert healthz == "True"  # a monitor on the machine itself checks it over plain HTTP
    assert secure == "200 max-age=31536000; includeSubDomains; preload"


_SENTRY = """
import config.settings.prod
import sentry_sdk
print(sentry_sdk.get_client().is_active())
"""


def test_the_error_tracker_is_off_without_a_dsn() -> None:
    result = _run(["-c", _SENTRY], _prod_env())
    assert result.stdout.strip() == "False", result.stderr


def test_the_error_tracker_starts_with_a_dsn() -> None:
    result = _run(["-c", _SENTRY], _prod_env(SENTRY_DSN="https://public@sentry.example.invalid/1"))
    assert result.stdout.strip() == "True", result.stderr
