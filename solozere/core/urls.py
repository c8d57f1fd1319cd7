from django.urls import path

from solozere.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("mentions-legales/", views.legal_notice, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("accompagnement/", views.upcoming, {"section": "accompaniment"}, name="accompaniment"),
    path("agenda/", views.upcoming, {"section": "agenda"}, name="agenda"),
]
