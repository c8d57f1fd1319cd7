"""`make run` serves on PORT, and the links it e-mails point at that same server (issue 9, item 7)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_recipe(**env: str) -> str:
    """The shell commands `make run` would execute (make -n prints them without running anything)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    environment = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "PORT"}} | env
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own Makefile
        [make, "-n", "--no-print-directory", "run"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_derives_the_site_url_from_the_port() -> None:
    recipe = run_recipe(PORT="8123")
    assert "runserver 127.0.0.1:8123" in recipe
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:8123}"' in recipe


def test_make_run_keeps_a_site_url_given_by_the_person() -> None:
    # The shell default (${SITE_URL:-...}) yields to a SITE_URL already in the environment.
    shell = shutil.which("bash")
    assert shell is not None
    recipe_line = next(line for line in run_recipe(PORT="8123").splitlines() if "export SITE_URL" in line)
    export = recipe_line.split("export ", 1)[1].split(";", 1)[0]
    for given, expected in (("https://lozere.example", "https://lozere.example"), ("", "http://127.0.0.1:8123")):
        environment = {"PATH": os.environ["PATH"]} | ({"SITE_URL": given} if given else {})
        out = subprocess.run(  # noqa: S603 - fixed arguments
            [shell, "-c", f'export {export}; printf %s "$SITE_URL"'],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout == expected
