"""The project under gunicorn on a free loopback port, as in production (several worker processes): for the
benchmarks and for the tests that need the real HTTP stack (two requests holding two transactions at once).

Standard library only, so that it can serve before Django is set up and without the development dependencies."""

import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback server
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def gunicorn_server(
    env: Mapping[str, str], *, workers: int = 2, request_timeout: int = 60, startup_seconds: float = 60
) -> Iterator[str]:
    """Start `config.wsgi` under gunicorn with `env` (settings module, database...), yield its base URL once
    `/healthz` answers 200, stop it at the end (SIGTERM, then kill). A server that exits or does not answer within
    `startup_seconds` (a loaded machine imports Django slowly) raises RuntimeError with the end of its error output."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(request_timeout),
        "--log-level",
        "warning",
    ]
    # Error output goes to a file, not a pipe: a pipe nobody reads fills up and blocks the server.
    with tempfile.TemporaryFile() as error_log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and project
            command, cwd=BASE_DIR, env=dict(env), stdout=subprocess.DEVNULL, stderr=error_log
        )
        try:
            deadline = time.monotonic() + startup_seconds
            while not _answers(f"{base_url}/healthz"):
                if process.poll() is not None or time.monotonic() > deadline:
                    error_log.seek(0)
                    output = error_log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"gunicorn did not answer within {startup_seconds:.0f} s: {output}")
                time.sleep(0.1)
            yield base_url
        finally:
            process.send_signal(signal.SIGTERM)  # graceful stop of the arbiter and its workers
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
