"""The agenda: events, registrations, contributions. Registration and contribution routes live in their modules'
own lists, included here."""

from django.urls import path

from solozere.events import views

app_name = "events"

urlpatterns = [
    path("agenda/<slug:slug>/", views.detail, name="detail"),
]
