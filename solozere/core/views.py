"""Views every site needs whatever its domain: the health check and the error pages."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import engines
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# What every page does besides its own work: load the template tags and resolve a static file through the
# configured storage. Under the manifest storage, a missing or stale manifest makes this raise, as it makes every page
# answer 500 while the database is fine.
_PAGE_PROBE = "{% load static %}{% static 'css/site.css' %}"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("healthz: the database is unreachable")
        return False
    return True


def _pages_ok() -> bool:
    try:
        engines["django"].from_string(_PAGE_PROBE).render({})
    except Exception:
        logger.exception("healthz: pages cannot render")
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and pages can render; 503 naming what failed, for the monitoring."""
    database = _database_ok()
    pages = _pages_ok()
    body = {
        "status": "ok" if database and pages else "error",
        "database": "ok" if database else "unreachable",
        "pages": "ok" if pages else "error",
    }
    return JsonResponse(body, status=200 if database and pages else 503)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
