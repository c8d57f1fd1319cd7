"""The home page and the static pages of the site (legal notice, accessibility, privacy, contact, upcoming)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from solozere.core.page_cache import cache_anonymous_page
from solozere.places.selectors import home_figures

# Sections announced in the navigation whose features are not built yet: said honestly.
UPCOMING_SECTIONS = {
    "accompaniment": {
        "title": _("Accompagnement"),
        "intro": _(
            "Décrire votre projet d'installation et être orienté vers les structures partenaires : "
            "ce service arrive bientôt."
        ),
    },
}


@require_GET
@cache_anonymous_page("places")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"figures": home_figures()})


@require_GET
@cache_anonymous_page()
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/legal.html")


@require_GET
@cache_anonymous_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_GET
@cache_anonymous_page()
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_GET
@cache_anonymous_page()
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact.html")


@require_GET
@cache_anonymous_page()
def upcoming(request: HttpRequest, section: str) -> HttpResponse:
    if section not in UPCOMING_SECTIONS:
        raise Http404
    return render(request, "pages/upcoming.html", {"section": UPCOMING_SECTIONS[section], "section_key": section})
