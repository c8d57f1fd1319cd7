from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Sections announced in the navigation whose features are not built yet: said honestly.
UPCOMING_SECTIONS = {
    "accompaniment": {
        "title": _("Accompagnement"),
        "intro": _(
            "Décrire votre projet d'installation et être orienté vers les structures partenaires : "
            "ce service arrive bientôt."
        ),
    },
    "agenda": {
        "title": _("Agenda"),
        "intro": _("Les événements du réseau et les inscriptions en ligne arrivent bientôt."),
    },
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    from solozere.places.selectors import home_figures

    return render(request, "core/home.html", {"figures": home_figures()})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "core/legal.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html")


@require_GET
def upcoming(request: HttpRequest, section: str) -> HttpResponse:
    if section not in UPCOMING_SECTIONS:
        raise Http404
    return render(request, "core/upcoming.html", {"section": UPCOMING_SECTIONS[section], "section_key": section})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
