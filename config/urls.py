from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from solozere.api.api import api

urlpatterns = [
    path("", include("solozere.core.urls")),
    path("", include("solozere.pages.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("solozere.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("lieux/", include("solozere.charter.urls")),
    path("lieux/", include("solozere.places.urls")),
    path("communaute/", include("solozere.community.urls")),
    path("aide-teletravail/", include("solozere.aids.urls")),
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
