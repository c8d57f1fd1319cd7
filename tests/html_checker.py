"""The Nu HTML checker (vnu-jar from npm, run with the machine's Java) over rendered pages, for the validity tests."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: list[tuple[str, Path]]) -> list[str]:
    """Errors found in the given (label, file) pages, each as "label line N: message"."""
    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):
        pytest.fail("The Nu HTML checker needs Java and node_modules/vnu-jar (make tools installs them).")
    result = subprocess.run(  # noqa: S603 - fixed command on files we wrote
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *(str(path) for _label, path in pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    by_file = {str(path): label for label, path in pages}
    return [
        f"{by_file.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
