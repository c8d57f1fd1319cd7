"""The agenda: events, registrations, contributions. Registration and contribution routes live in their modules'
own lists, included here."""

from django.urls import path

from solozere.events import urls_registration, views

app_name = "events"

urlpatterns = [
    *urls_registration.urlpatterns,
    path("agenda/<slug:slug>/", views.detail, name="detail"),
]
