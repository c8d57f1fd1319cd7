"""Smoke tests of the production stack that `scripts/prodstack.py up --dir DIR` runs: everything through nginx, over
HTTPS, the certificate checked (the stack's self-signed one is the only trusted authority).

    .venv/bin/python scripts/prod_smoke.py --dir DIR

A script, not pytest: it tests a running deployment from the outside (a browser's view, plus the files and rows it
must leave), with none of the suite's settings, fixtures or database; `make test` never sees it, `make prod-check`
runs it between `up` and `down`. Each check prints one line; the first failure stops with a French message.

Requests leave from 127.0.0.2 (any 127/8 address is the loopback on Linux) while nginx reaches gunicorn from
127.0.0.1: the address the app sees tells whether it reads the client's or the proxy's.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import secrets
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ADDRESS = "127.0.0.2"
PROXY_ADDRESS = "127.0.0.1"
HASHED_STATIC = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")
HASH_IN_NAME = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
MEDIA_URL = re.compile(r"""(/media/[^"'\s)]+\.(?:jpe?g|png|webp))""")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

MAKE_USER = """
from allauth.account.models import EmailAddress
from solozere.accounts.models import User
from solozere.places.models import Place

user = User.objects.create_user(email={email!r}, password={password!r})
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
place = Place.objects.order_by("pk").first()
place.managers.add(user)
print("SLUG=" + place.slug)
"""


class SmokeFailure(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Smoke:
    def __init__(self, directory: Path) -> None:
        self.state: dict[str, Any] = json.loads((directory / "state.json").read_text())
        self.dir = directory
        self.base = self.state["base_url"]
        self.env = dict(
            line.split("=", 1)
            for line in Path(self.state["env_file"]).read_text().splitlines()
            if line and not line.startswith("#")
        )
        self.tls = ssl.create_default_context(cafile=self.state["certificate"])
        self.email = f"smoke-{secrets.token_hex(4)}@example.org"
        self.password = secrets.token_urlsafe(16)
        self.slug = ""  # a place of the API's list
        self.managed_slug = ""  # the place the test's user manages
        self.maker: subprocess.Popen[str]

    def client(self) -> httpx.Client:
        transport = httpx.HTTPTransport(verify=self.tls, local_address=CLIENT_ADDRESS)
        return httpx.Client(base_url=self.base, transport=transport, timeout=30, follow_redirects=False)

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(query, params).fetchall()  # type: ignore[arg-type]

    def form_token(self, client: httpx.Client, path: str) -> str:
        page = client.get(path)
        check(page.status_code == 200, f"GET {path} : {page.status_code}, 200 attendu")
        match = CSRF_INPUT.search(page.text)
        if match is None:
            raise SmokeFailure(f"{path} : pas de jeton CSRF dans le formulaire")
        return match.group(1)

    def post(self, client: httpx.Client, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        data = {"csrfmiddlewaretoken": self.form_token(client, path), **data}
        # Over HTTPS (request.is_secure(), from X-Forwarded-Proto), Django's CSRF check also wants a same-origin
        # Referer: a form post that passes proves the proxy's scheme reached the app.
        return client.post(path, data=data, headers={"Referer": self.base + path}, **kwargs)

    # --- the checks, in order ----------------------------------------------------------------------------------

    def start_making_user(self) -> None:
        """manage.py shell in the background (a Django start-up): the checks that need no account go on meanwhile."""
        env = {**os.environ, **self.env}
        code = MAKE_USER.format(email=self.email, password=self.password)
        self.maker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def user_made(self) -> None:
        stdout, stderr = self.maker.communicate(timeout=120)
        check(self.maker.returncode == 0, f"création de l'utilisateur du test : {stderr[-2000:]}")
        self.managed_slug = stdout.split("SLUG=", 1)[1].strip()

    def http_redirects_to_https(self) -> None:
        response = httpx.get(self.state["http_url"] + "/lieux/?q=mende", follow_redirects=False)
        check(response.status_code == 301, f"HTTP : {response.status_code}, 301 attendu")
        check(
            response.headers.get("location") == self.base + "/lieux/?q=mende",
            f"HTTP redirige vers {response.headers.get('location')!r}, pas vers la même adresse en HTTPS",
        )

    def pages_and_static(self) -> None:
        static: set[str] = set()
        with self.client() as client:
            places = client.get("/api/v1/places")
            check(places.status_code == 200, f"GET /api/v1/places : {places.status_code}, 200 attendu")
            first = places.json()["results"][0]
            self.slug = first["slug"]
            # Built from the request: https and the public port, as nginx forwarded them.
            check(first["url"] == f"{self.base}/lieux/{self.slug}/", f"adresse absolue de l'API : {first['url']}")
            for path in ("/", "/lieux/", f"/lieux/{self.slug}/", "/api/v1/places", "/healthz"):
                response = client.get(path)
                check(response.status_code == 200, f"GET {path} : {response.status_code}, 200 attendu")
                if response.headers.get("content-type", "").startswith("text/html"):
                    found = HASHED_STATIC.findall(response.text)
                    check(found, f"{path} : aucun fichier statique")
                    static.update(found)
            check(client.get("/healthz").json()["status"] == "ok", "/healthz ne dit pas ok")
            unhashed = sorted(url for url in static if not HASH_IN_NAME.search(url.split("?")[0]))
            check(not unhashed, f"fichiers statiques sans empreinte (stockage manifeste ?) : {unhashed}")
            for url in sorted(static):
                response = client.get(url)
                check(response.status_code == 200, f"GET {url} : {response.status_code}, 200 attendu")
                check("immutable" in response.headers.get("cache-control", ""), f"{url} : pas de cache immuable")
        # Served by WhiteNoise, through nginx: the app's access logs have them.
        # gunicorn writes its access line after the answer has left: give the last ones a moment to reach the file.
        deadline = time.monotonic() + 10
        while True:
            logs = "".join(path.read_text() for path in (self.dir / "log").glob("web-*-access.log"))
            missing = sorted(url for url in static if url not in logs)
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        check(not missing, f"des fichiers statiques ne sont pas passés par l'application : {missing}")
        print(f"  {len(static)} fichiers statiques à empreinte, 200, servis par WhiteNoise derrière nginx")

    def private_files_unreachable(self) -> None:
        private = Path(self.state["private_root"])
        token = secrets.token_hex(16)
        canary = private / "aids" / "smoke-canary.txt"
        canary.parent.mkdir(parents=True, exist_ok=True)
        canary.write_text(token)
        tries = [
            "/private/aids/smoke-canary.txt",
            "/var/private/aids/smoke-canary.txt",
            "/media/../private/aids/smoke-canary.txt",
            "/media/%2e%2e/private/aids/smoke-canary.txt",
            "/media/..%2fprivate/aids/smoke-canary.txt",
            "/media/private/aids/smoke-canary.txt",
            "/media/aids/smoke-canary.txt",
            "/static/../private/aids/smoke-canary.txt",
        ]
        with self.client() as client:
            for path in tries:
                response = client.get(path)
                check(
                    response.status_code != 200 and token not in response.text,
                    f"fichier privé lisible par {path}",
                )
        canary.unlink()

    def body_limit(self) -> None:
        body = b"x" * (11 * 1024 * 1024)
        with self.client() as client:
            response = client.post("/compte/login/", content=body, headers={"Content-Type": "application/octet-stream"})
        check(response.status_code == 413, f"corps de 11 Mio : {response.status_code}, 413 attendu")

    def sign_in_form_upload(self) -> None:
        with self.client() as client:
            login = client.get("/compte/login/")
            check(login.status_code == 200, f"GET /compte/login/ : {login.status_code}")
            csrf_cookie = [value for value in login.headers.get_list("set-cookie") if value.startswith("csrftoken=")]
            check(csrf_cookie and "Secure" in csrf_cookie[0], f"cookie CSRF sans Secure : {csrf_cookie}")
            response = self.post(client, "/compte/login/", {"login": self.email, "password": self.password})
            check(response.status_code == 302, f"connexion : {response.status_code}, 302 attendu")
            session = [value for value in response.headers.get_list("set-cookie") if value.startswith("sessionid=")]
            check(session, "connexion : pas de cookie de session")
            flags = {part.strip().lower() for part in session[0].split(";")}
            check({"secure", "httponly"} <= flags, f"cookie de session sans Secure; HttpOnly : {session[0]}")
            profile = client.get(response.headers["location"])
            check(
                profile.status_code == 200 and self.email in profile.text,
                f"page du compte après connexion ({response.headers['location']}) : {profile.status_code}",
            )
            print("  connexion : cookie de session Secure; HttpOnly, cookie CSRF Secure")

            # A form post: a correction proposed on the place page.
            before = self.sql("SELECT count(*) FROM places_placecorrection")[0][0]
            response = self.post(
                client,
                f"/lieux/{self.managed_slug}/signaler/",
                {
                    "field": "other",
                    "proposed_value": "",
                    "reason": "Test de fumée de la mise en production.",
                    "email": "",
                    "website": "",
                },
            )
            check(response.status_code == 302, f"proposition de correction : {response.status_code}, 302 attendu")
            after = self.sql("SELECT count(*) FROM places_placecorrection")[0][0]
            check(after == before + 1, "la proposition de correction n'est pas enregistrée")

            # An upload: the manager adds a photo; nginx serves it from MEDIA_ROOT.
            image = io.BytesIO()
            Image.new("RGB", (640, 480), (40, 120, 90)).save(image, "JPEG")
            path = f"/lieux/{self.managed_slug}/gerer/photos/"
            response = self.post(
                client,
                path,
                {"alt_text": "Façade du lieu"},
                files={"image": ("facade.jpg", image.getvalue(), "image/jpeg")},
            )
            check(response.status_code == 302, f"envoi d'une photo : {response.status_code}, 302 attendu")
            page = client.get(f"/lieux/{self.managed_slug}/")
            photos = MEDIA_URL.findall(page.text)
            check(photos, "la photo envoyée n'est pas sur la page du lieu")
            photo = client.get(photos[0])
            check(photo.status_code == 200, f"GET {photos[0]} : {photo.status_code}, 200 attendu")
            check(photo.headers.get("content-type", "").startswith("image/"), "la photo n'est pas une image")
        print(f"  proposition de correction enregistrée ; photo envoyée et servie par nginx ({photos[0]})")

    def client_address(self) -> None:
        keys = [row[0] for row in self.sql("SELECT cache_key FROM solozere_cache WHERE cache_key LIKE %s", "%:rl:%")]
        check(keys, "aucune limite de fréquence enregistrée par la connexion")
        check(
            any(key.endswith(f":ip:{CLIENT_ADDRESS}") for key in keys),
            f"l'application ne voit pas l'adresse du client ({CLIENT_ADDRESS}) : {keys}",
        )
        check(
            not any(key.endswith(f":ip:{PROXY_ADDRESS}") for key in keys),
            f"l'application compte l'adresse de nginx ({PROXY_ADDRESS}) : {keys}",
        )
        print(f"  adresse du client vue par l'application : {CLIENT_ADDRESS} (nginx : {PROXY_ADDRESS})")

    def email_through_the_worker(self) -> None:
        mail = Path(self.state["mail_dir"])
        seen = set(mail.glob("*"))
        with self.client() as client:
            response = self.post(client, "/compte/password/reset/", {"email": self.email})
        check(response.status_code == 302, f"mot de passe oublié : {response.status_code}, 302 attendu")
        queued = self.sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE args_kwargs::text LIKE %s",
            f"%{self.email}%",
        )[0][0]
        check(queued, "l'e-mail n'est pas passé par la file des tâches")
        deadline = time.monotonic() + 60
        sent: Path | None = None
        while time.monotonic() < deadline:
            for path in set(mail.glob("*")) - seen:
                text = path.read_text(errors="replace")
                if self.email in text and "password/reset/key/" in text:
                    # The link is built from the request: https and the public port prove X-Forwarded-Proto and Host.
                    check(f"{self.base}/compte/password/reset/key/" in text, "lien de l'e-mail sans https:// ni port")
                    sent = path
            statuses = {
                row[0]
                for row in self.sql(
                    "SELECT status FROM django_tasks_database_dbtaskresult WHERE args_kwargs::text LIKE %s",
                    f"%{self.email}%",
                )
            }
            check("FAILED" not in statuses, "la tâche d'envoi de l'e-mail a échoué (voir log/worker.log)")
            if sent and statuses == {"SUCCESSFUL"}:
                print(f"  e-mail de réinitialisation : file → db_worker → {sent.name}, lien en {self.base}")
                return
            time.sleep(0.3)
        raise SmokeFailure("l'e-mail de réinitialisation n'est pas parti en 60 s (db_worker ?)")

    def headers_and_page_cache(self) -> None:
        """The security headers of the production settings, and anonymous pages served from the shared cache, two
        app processes behind nginx sharing it: a visitor's second request may land on the other process."""
        with self.client() as client:
            seen: list[str] = []
            for _attempt in range(4):
                page = client.get("/lieux/", headers={"Cookie": ""})
                check(page.status_code == 200, f"GET /lieux/ : {page.status_code}, 200 attendu")
                seen.append(page.headers.get("x-page-cache", ""))
            policy = page.headers.get("content-security-policy", "")
            check("script-src 'self' 'nonce-" in policy, f"Content-Security-Policy sans nonce : {policy!r}")
            check("'unsafe-inline'" not in policy, "Content-Security-Policy permet les scripts en ligne")
            hsts = page.headers.get("strict-transport-security", "")
            check("max-age=" in hsts, f"Strict-Transport-Security absent : {hsts!r}")
            check("geolocation=(self)" in page.headers.get("permissions-policy", ""), "Permissions-Policy absent")
            check("hit" in seen[1:], f"/lieux/ jamais servi par le cache des pages anonymes : {seen}")
        print(f"  CSP avec nonce, HSTS, Permissions-Policy ; cache des pages anonymes : {', '.join(seen)}")

    def run(self) -> None:
        steps = [
            ("utilisateur du test (en arrière-plan)", self.start_making_user),
            ("HTTP redirige vers HTTPS", self.http_redirects_to_https),
            ("pages, API, /healthz et fichiers statiques", self.pages_and_static),
            ("en-têtes de sécurité et cache des pages", self.headers_and_page_cache),
            ("fichiers privés inaccessibles", self.private_files_unreachable),
            ("corps trop gros : 413", self.body_limit),
            ("utilisateur du test (gestionnaire d'un lieu)", self.user_made),
            ("connexion, formulaire, envoi de fichier", self.sign_in_form_upload),
            ("adresse réelle du client", self.client_address),
            ("e-mail par la file et le db_worker", self.email_through_the_worker),
        ]
        for name, step in steps:
            tick = time.monotonic()
            step()
            print(f"ok  {time.monotonic() - tick:5.1f} s  {name}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    try:
        Smoke(Path(args.dir).resolve()).run()
    except SmokeFailure as failure:
        print(f"ÉCHEC : {failure}", file=sys.stderr)
        return 1
    print("Pile de production : tous les tests de fumée passent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
