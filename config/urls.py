from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from solozere.api.api import api

# Where the staff screens were before /equipe/: links in e-mails already sent keep working.
MOVED_STAFF_SCREENS = [
    ("lieux/equipe/adhesions/", "/equipe/charte/adhesions/"),
    ("lieux/equipe/charte/", "/equipe/charte/versions/"),
    ("lieux/equipe/corrections/", "/equipe/lieux/corrections/"),
    ("aide-teletravail/instruction/", "/equipe/aides/"),
    ("communaute/gestion/", "/equipe/communaute/"),
]

urlpatterns = [
    *(
        re_path(rf"^{old}(?P<rest>.*)$", RedirectView.as_view(url=f"{new}%(rest)s", permanent=True, query_string=True))
        for old, new in MOVED_STAFF_SCREENS
    ),
    path("", include("solozere.core.urls")),
    path("", include("solozere.pages.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("solozere.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("equipe/", include("solozere.backoffice.urls")),
    # Each app mounts its public pages under its own prefix and its staff screens under /equipe/ (ADR 0008).
    path("", include("solozere.charter.urls")),
    path("", include("solozere.places.urls")),
    path("", include("solozere.community.urls")),
    path("", include("solozere.aids.urls")),
    path("", include("solozere.bookings.urls")),
    path("", include("solozere.events.urls")),
    path("", include("solozere.resources.urls")),
    path("", include("solozere.organisations.urls")),
    path("", include("solozere.accompaniment.urls")),
    path("", include("solozere.accompaniment.urls_partner")),
    path("api/", api.urls),
    path("opendata/", include("solozere.api.opendata.urls")),
    path("gestion/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "solozere.core.views.page_not_found"
handler500 = "solozere.core.views.server_error"
handler400 = "solozere.core.views.bad_request"
handler403 = "solozere.core.views.permission_denied"
# Not Django's: allauth's respond_429 calls it for each of its rate limits (sign-in, sign-up, password reset...).
handler429 = "solozere.accounts.views.rate_limited"
