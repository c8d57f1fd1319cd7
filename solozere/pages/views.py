"""The home page and the static pages of the site (legal notice, accessibility, privacy, contact)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from solozere.core.page_cache import cache_anonymous_page
from solozere.places.selectors import home_figures


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
    return render(request, "pages/privacy.html", {"retention_months": settings.ACCOMPANIMENT_RETENTION_MONTHS})


@require_GET
@cache_anonymous_page()
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact.html")
