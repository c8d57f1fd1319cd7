"""The agenda: events, registrations, contributions. Registration and contribution routes live in their modules'
own lists, included here."""

from django.urls import path

from solozere.events import urls_contributions, views

app_name = "events"

urlpatterns = [
    *urls_contributions.urlpatterns,
    path("agenda/<slug:slug>/", views.detail, name="detail"),
]
