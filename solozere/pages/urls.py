from django.urls import path

from solozere.pages import styleguide, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("mentions-legales/", views.legal_notice, name="legal"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("styleguide/", styleguide.styleguide, name="styleguide"),
]
