"""Dependencies point one way (README, « Organisation du code »): core imports no other app, and no app imports
those at the top (api, pages, backoffice), which read all the others. Lazy imports inside functions count too."""

import ast
from pathlib import Path

from django.conf import settings

SOLOZERE = Path(settings.BASE_DIR) / "solozere"
TOP_APPS = {"api", "pages", "backoffice"}


def solozere_imports(app: str) -> list[tuple[str, int, str]]:
    """(file, line, imported app) for every import of another solozere app in `app`, migrations included."""
    found = []
    for path in sorted((SOLOZERE / app).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "solozere" and len(parts) > 1 and parts[1] != app:
                    found.append((str(path.relative_to(SOLOZERE)), node.lineno, parts[1]))
    return found


def apps() -> list[str]:
    return sorted(p.name for p in SOLOZERE.iterdir() if (p / "apps.py").exists())


def test_core_imports_no_other_app():
    assert solozere_imports("core") == []


def test_no_app_below_imports_the_api_or_the_pages():
    below = [app for app in apps() if app not in TOP_APPS]
    assert "places" in below and "aids" in below
    wrong = [found for app in below for found in solozere_imports(app) if found[2] in TOP_APPS]
    assert wrong == []
