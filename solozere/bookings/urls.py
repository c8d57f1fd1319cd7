"""Bookable resources of the places, bookings, closures, waiting list, presence and the avoided commute."""

from django.urls import path

from solozere.bookings import views_presence

app_name = "bookings"

urlpatterns: list = []

# Presence (« j'y suis ») and the avoided commute.
urlpatterns += [
    path("reservations/impact/", views_presence.impact, name="presence_impact"),
    path("reservations/mon-impact/", views_presence.my_impact, name="presence_my_impact"),
    path("reservations/presence/<slug:slug>/", views_presence.check_in, name="presence_check_in"),
    path("reservations/presence/<slug:slug>/retirer/", views_presence.check_in_withdraw, name="presence_withdraw"),
    path("reservations/presence/<slug:slug>/affiche/", views_presence.poster, name="presence_poster"),
]
