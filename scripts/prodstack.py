"""The production stack of docs/deployment.md, built from the current checkout in one folder, for CI and benchmarks.

    python scripts/prodstack.py up --dir DIR [--http-port P] [--https-port P2] [--env KEY=VALUE ...]
    python scripts/prodstack.py down --dir DIR
    python scripts/prodstack.py nginx-conf --server-name solozere.fr --upstream 127.0.0.1:8001,127.0.0.1:8002 ...

`up` makes a self-signed certificate, a fresh PostgreSQL database, an env file (production settings, random
SECRET_KEY, files and e-mails inside DIR), runs the README's preparation (migrate, collectstatic with the manifest
storage, the reference data), starts two gunicorn instances, the task worker and nginx (deploy/nginx/solozere.conf,
unprivileged ports, everything under DIR), waits until /healthz answers through nginx over HTTPS and prints the base
URL. DIR/state.json says what runs where (scripts/prod_smoke.py and benchmarks read it: base_url, http_url,
app_ports, pids, env_file, certificate, database, mail_dir, media_root, private_root, timings). `--env KEY=VALUE`
(repeatable) adds to or overrides the app's environment, e.g. `--env WEB_CONCURRENCY=4` (gunicorn workers per
instance) or a Redis cache. `down` stops all of it and drops the database; the logs stay in DIR/log.

Run it with the project's virtualenv (psycopg, gunicorn): `.venv/bin/python scripts/prodstack.py ...`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "solozere.conf"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
SERVER_NAME = "localhost"
APP_INSTANCES = 2
# Settings of the shell that must not leak into the stack (a developer's or CI's), unless given with --env.
FOREIGN_ENV = {"TEST_DATABASE_NAME", "DISABLE_RATE_LIMITS", "SQLITE_PATH", "TASKS_BACKEND", "DEBUG", "SECURE_COOKIES"}
# The README's preparation, in its order (production section); collectstatic runs beside the others.
COLLECTSTATIC = ["collectstatic", "--noinput"]
PREPARE = [
    ["migrate", "--noinput"],
    ["import_territory"],
    ["load_aid_schemes"],
    ["import_places"],
    ["load_charter"],
    ["load_organisations"],
    ["load_accompaniment"],
    ["load_reference_events"],
]


def log(message: str) -> None:
    print(f"[prodstack] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- nginx configuration -------------------------------------------------------------------------------------------


def render_site(
    *,
    server_name: str,
    http_listen: str,
    https_listen: str,
    https_port: int,
    certificate: str,
    certificate_key: str,
    upstreams: list[str],
    media_root: str,
) -> str:
    """deploy/nginx/solozere.conf with its placeholders filled; refuses to leave one unfilled."""
    values = {
        "SERVER_NAME": server_name,
        "HTTP_LISTEN": http_listen,
        "HTTPS_LISTEN": https_listen,
        "HTTPS_PORT_SUFFIX": "" if https_port == 443 else f":{https_port}",
        "TLS_CERTIFICATE": certificate,
        "TLS_CERTIFICATE_KEY": certificate_key,
        "UPSTREAM_SERVERS": "\n    ".join(f"server {upstream} max_fails=1 fail_timeout=5s;" for upstream in upstreams),
        "MEDIA_ROOT": media_root.rstrip("/") + "/",
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise SystemExit(f"Unfilled placeholder in {TEMPLATE}: {leftover}")
    return text


def render_main(directory: Path, *, as_root: bool) -> str:
    """A whole nginx.conf whose every path is inside DIR, for `nginx -p DIR -c DIR/nginx.conf`."""
    user = "user nobody nogroup;\n" if as_root else ""
    mime_types = Path("/etc/nginx/mime.types")
    types = f"include {mime_types};" if mime_types.exists() else "types { text/html html; image/jpeg jpg jpeg; }"
    return f"""# Written by scripts/prodstack.py: the CI stack around deploy/nginx/solozere.conf.
{user}worker_processes 1;
daemon off;
pid {directory}/run/nginx.pid;
error_log {directory}/log/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    {types}
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    access_log {directory}/log/nginx-access.log;
    client_body_temp_path {directory}/nginx/client_body;
    proxy_temp_path {directory}/nginx/proxy;
    fastcgi_temp_path {directory}/nginx/fastcgi;
    uwsgi_temp_path {directory}/nginx/uwsgi;
    scgi_temp_path {directory}/nginx/scgi;
    include {directory}/solozere.conf;
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    # Like the Makefile's APT_INSTALL: Debian's package, as root or through sudo.
    log("nginx manque : installation du paquet Debian nginx")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)  # noqa: S603
    install = [*prefix, "apt-get", "install", "-y", "-qq", "nginx"]
    subprocess.run(install, check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    return shutil.which("nginx") or "/usr/sbin/nginx"


# --- PostgreSQL ----------------------------------------------------------------------------------------------------


def _admin_connection(postgres_url: str):  # type: ignore[no-untyped-def]
    import psycopg  # noqa: PLC0415 -- the virtualenv's, only where a database is made or dropped

    return psycopg.connect(postgres_url, autocommit=True)


def database_url(postgres_url: str, name: str) -> str:
    base, _, _ = postgres_url.rpartition("/")
    return f"{base}/{name}"


def create_database(postgres_url: str, name: str) -> None:
    with _admin_connection(postgres_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(postgres_url: str, name: str) -> None:
    with _admin_connection(postgres_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- processes -----------------------------------------------------------------------------------------------------


def start(command: list[str], *, log_path: Path, env: dict[str, str]) -> int:
    """Its own process group, so that `down` stops it and its children by that id, and nothing else."""
    with log_path.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process.pid


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def stop(processes: dict[str, int], timeout: float = 15.0) -> None:
    """SIGTERM to each process group (graceful: gunicorn finishes its requests, db_worker its task), then SIGKILL."""
    for pid in processes.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    waiting = dict(processes)
    while waiting and time.monotonic() < deadline:
        for name, pid in list(waiting.items()):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                del waiting[name]
        time.sleep(0.1)
    for name, pid in waiting.items():
        log(f"{name} (groupe {pid}) ne s'arrête pas : SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def get(url: str, *, context: ssl.SSLContext | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 -- our own URLs
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


# --- up / down -----------------------------------------------------------------------------------------------------


def make_certificate(tls: Path) -> tuple[Path, Path]:
    tls.mkdir(parents=True, exist_ok=True)
    certificate, key = tls / "cert.pem", tls / "key.pem"
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(certificate),
            "-subj", f"/CN={SERVER_NAME}",
            "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "extendedKeyUsage=serverAuth",
        ],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    key.chmod(0o600)
    return certificate, key


def write_env(path: Path, values: dict[str, str]) -> None:
    lines = ["# Written by scripts/prodstack.py up (see deploy/solozere.env.example)."]
    lines += [f"{key}={value}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)


def up(args: argparse.Namespace) -> int:
    directory = Path(args.dir).resolve()
    state_path = directory / "state.json"
    if state_path.exists():
        raise SystemExit(f"{state_path} existe : lancez d'abord `down --dir {directory}`.")
    timings: dict[str, float] = {}
    started = time.monotonic()
    for sub in ("log", "run", "tls", "static", "media", "private", "mail", "nginx"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    # nginx's workers (nobody, when run as root) read MEDIA_ROOT: the folders above it must be traversable.
    directory.chmod(0o755)
    (directory / "private").chmod(0o700)
    as_root = os.geteuid() == 0
    if as_root:
        nobody = 65534
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            temp = directory / "nginx" / sub
            temp.mkdir(exist_ok=True)
            os.chown(temp, nobody, -1)

    http_port = args.http_port or free_port()
    https_port = args.https_port or free_port()
    app_ports = [free_port() for _ in range(APP_INSTANCES)]
    base_url = f"https://{SERVER_NAME}:{https_port}"
    database = f"prodstack_{os.getpid()}"
    state: dict[str, object] = {
        "dir": str(directory),
        "base_url": base_url,
        "http_url": f"http://{SERVER_NAME}:{http_port}",
        "http_port": http_port,
        "https_port": https_port,
        "app_ports": app_ports,
        "postgres": args.postgres,
        "database": database,
        "pids": {},
    }

    def save() -> None:
        state_path.write_text(json.dumps(state, indent=2) + "\n")

    save()  # from here on, `down` can undo whatever was done
    try:
        tick = time.monotonic()
        certificate, key = make_certificate(directory / "tls")
        create_database(args.postgres, database)
        timings["certificate + database"] = time.monotonic() - tick
        env_values = {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{SERVER_NAME},127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": base_url,
            "SITE_URL": base_url,
            "DATABASE_URL": database_url(args.postgres, database),
            "STATIC_ROOT": str(directory / "static"),
            "MEDIA_ROOT": str(directory / "media"),
            "PRIVATE_MEDIA_ROOT": str(directory / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(directory / "mail"),
            "TRUSTED_PROXY_COUNT": "1",
            "WEB_CONCURRENCY": "2",
            "MAP_TILE_URL": "",
            "LOG_LEVEL": "INFO",
        }
        for item in args.env:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise SystemExit(f"--env attend KEY=VALUE, pas {item!r}")
            env_values[name] = value
        env_file = directory / "solozere.env"
        write_env(env_file, env_values)
        state.update(env_file=str(env_file), certificate=str(certificate), mail_dir=env_values["EMAIL_FILE_PATH"],
                     media_root=env_values["MEDIA_ROOT"], private_root=env_values["PRIVATE_MEDIA_ROOT"])  # fmt: skip
        save()
        env = {name: value for name, value in os.environ.items() if name not in FOREIGN_ENV} | env_values
        python = sys.executable

        # The database's preparation in one process (a Django start-up costs seconds on a busy CI machine), and
        # collectstatic, which needs no database, beside it.
        tick = time.monotonic()
        logs = directory / "log"
        with (logs / "prepare.log").open("ab") as output, (logs / "collectstatic.log").open("ab") as static_output:
            static = subprocess.Popen(  # noqa: S603
                [python, "manage.py", *COLLECTSTATIC], cwd=ROOT, env=env, stdout=static_output, stderr=static_output
            )
            result = subprocess.run(  # noqa: S603
                [python, str(Path(__file__).resolve()), "_prepare"], cwd=ROOT, env=env, stdout=output, stderr=output
            )
            static_code = static.wait()
        for code, name in ((result.returncode, "prepare.log"), (static_code, "collectstatic.log")):
            if code:
                tail = (logs / name).read_text(errors="replace")[-3000:]
                raise SystemExit(f"La préparation a échoué ({name}) :\n{tail}")
        steps = [COLLECTSTATIC, *PREPARE]
        timings["prepare (" + ", ".join(command[0] for command in steps) + ")"] = time.monotonic() - tick

        tick = time.monotonic()
        pids: dict[str, int] = {}
        for port in app_ports:
            pids[f"web-{port}"] = start(
                [
                    python, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--preload", "--control-socket", str(directory / "run" / f"web-{port}.ctl"),
                    "--access-logfile", str(directory / "log" / f"web-{port}-access.log"),
                    "--access-logformat", '%(h)s %(t)s "%(r)s" %(s)s %(b)s xff="%({x-forwarded-for}i)s"',
                ],
                log_path=directory / "log" / f"web-{port}.log", env=env,
            )  # fmt: skip
        pids["worker"] = start(
            [python, "manage.py", "db_worker", "--queue-name", "*"], log_path=directory / "log" / "worker.log", env=env
        )
        state["pids"] = pids
        save()

        site = render_site(
            server_name=SERVER_NAME,
            http_listen=f"127.0.0.1:{http_port}",
            https_listen=f"127.0.0.1:{https_port}",
            https_port=https_port,
            certificate=str(certificate),
            certificate_key=str(key),
            upstreams=[f"127.0.0.1:{port}" for port in app_ports],
            media_root=env_values["MEDIA_ROOT"],
        )
        (directory / "solozere.conf").write_text(site)
        (directory / "nginx.conf").write_text(render_main(directory, as_root=as_root))
        nginx = nginx_binary()
        nginx_command = [nginx, "-p", str(directory), "-c", str(directory / "nginx.conf")]
        check = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True)  # noqa: S603
        if check.returncode:
            raise SystemExit(f"nginx -t a échoué :\n{check.stderr}")
        pids["nginx"] = start(nginx_command, log_path=directory / "log" / "nginx.log", env=dict(os.environ))
        save()

        context = ssl.create_default_context(cafile=str(certificate))
        deadline = time.monotonic() + args.timeout
        while True:
            dead = [name for name, pid in pids.items() if not alive(pid)]
            if dead:
                raise SystemExit(f"Arrêté au démarrage : {', '.join(dead)} (voir {directory / 'log'})")
            # Each instance on its own (as nginx would reach it), then the whole through nginx.
            ready = (
                all(
                    get(f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}) == 200
                    for port in app_ports
                )
                and get(f"{base_url}/healthz", context=context) == 200
            )
            if ready:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"La pile ne répond pas après {args.timeout} s (voir {directory / 'log'})")
            time.sleep(0.3)
        timings["start processes + ready"] = time.monotonic() - tick
    except BaseException:
        log("échec : arrêt de ce qui a démarré")
        down(argparse.Namespace(dir=str(directory)))
        raise

    timings["total"] = time.monotonic() - started
    state["timings"] = {name: round(value, 2) for name, value in timings.items()}
    save()
    for name, value in timings.items():
        log(f"{value:6.1f} s  {name}")
    print(base_url, flush=True)
    return 0


def down(args: argparse.Namespace) -> int:
    directory = Path(args.dir).resolve()
    state_path = directory / "state.json"
    if not state_path.exists():
        log(f"rien à arrêter dans {directory}")
        return 0
    state = json.loads(state_path.read_text())
    pids: dict[str, int] = state.get("pids", {})
    # nginx first, so that no request reaches an app process that is stopping; then the others together.
    tick = time.monotonic()
    stop({name: pid for name, pid in pids.items() if name == "nginx"})
    stop({name: pid for name, pid in pids.items() if name != "nginx"})
    log(f"{time.monotonic() - tick:6.1f} s  arrêt de {', '.join(pids) or 'rien'}")
    if state.get("database"):
        try:
            drop_database(state["postgres"], state["database"])
        except Exception as error:
            log(f"la base {state['database']} n'a pas pu être supprimée : {error}")
            return 1
    state_path.rename(directory / "state.down.json")
    log(f"arrêté ; base {state.get('database')} supprimée ; journaux dans {directory / 'log'}")
    return 0


def nginx_conf(args: argparse.Namespace) -> int:
    https_port = int(args.https_listen.rpartition(":")[2])
    print(
        render_site(
            server_name=args.server_name,
            http_listen=args.http_listen,
            https_listen=args.https_listen,
            https_port=https_port,
            certificate=args.certificate,
            certificate_key=args.certificate_key,
            upstreams=[item.strip() for item in args.upstream.split(",") if item.strip()],
            media_root=args.media_root,
        ),
        end="",
    )
    return 0


def prepare() -> int:
    """The README's preparation commands, in this one process (run by `up` with the stack's environment)."""
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415 -- the virtualenv's, with the stack's settings
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    for command in PREPARE:
        tick = time.monotonic()
        call_command(*command)
        log(f"{time.monotonic() - tick:6.1f} s  manage.py {' '.join(command)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    if (argv or sys.argv[1:]) == ["_prepare"]:
        return prepare()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    up_parser = commands.add_parser("up", help="construit et démarre la pile")
    up_parser.add_argument("--dir", required=True)
    up_parser.add_argument("--http-port", type=int, default=0, help="défaut : un port libre")
    up_parser.add_argument("--https-port", type=int, default=0, help="défaut : un port libre")
    up_parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="pour l'application")
    up_parser.add_argument("--postgres", default=os.environ.get("PRODSTACK_POSTGRES", DEFAULT_POSTGRES))
    up_parser.add_argument("--timeout", type=float, default=60.0)
    down_parser = commands.add_parser("down", help="arrête la pile et supprime sa base")
    down_parser.add_argument("--dir", required=True)
    conf_parser = commands.add_parser("nginx-conf", help="écrit deploy/nginx/solozere.conf rempli, pour un serveur")
    conf_parser.add_argument("--server-name", required=True)
    conf_parser.add_argument("--upstream", default="127.0.0.1:8001,127.0.0.1:8002")
    conf_parser.add_argument("--http-listen", default="80")
    conf_parser.add_argument("--https-listen", default="443")
    conf_parser.add_argument("--certificate", required=True)
    conf_parser.add_argument("--certificate-key", required=True)
    conf_parser.add_argument("--media-root", default="/srv/solozere/var/media/")
    args = parser.parse_args(argv)
    return {"up": up, "down": down, "nginx-conf": nginx_conf}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
