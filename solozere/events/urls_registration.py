"""Routes of registrations, included by events/urls.py before the event page's own (`agenda/<slug>/`)."""

from django.urls import path, re_path

from solozere.core.private_links import PRIVATE_LINK
from solozere.events import views_registration, views_registration_organiser

urlpatterns = [
    # The person's side.
    re_path(rf"^agenda/inscription/{PRIVATE_LINK}/$", views_registration.private, name="registration_private"),
    re_path(
        rf"^agenda/inscription/{PRIVATE_LINK}/confirmer/$", views_registration.confirm, name="registration_confirm"
    ),
    re_path(
        rf"^agenda/inscription/{PRIVATE_LINK}/annuler/$",
        views_registration.private_cancel,
        name="registration_private_cancel",
    ),
    re_path(
        rf"^agenda/inscription/{PRIVATE_LINK}/accepter/$",
        views_registration.private_accept,
        name="registration_private_accept",
    ),
    path("agenda/<slug:slug>/inscription/", views_registration.register, name="register"),
    path("compte/inscriptions/", views_registration.mine, name="mine"),
    # The organiser's side.
    path("agenda/<slug:slug>/inscrits/", views_registration_organiser.registrations, name="registrations"),
    path(
        "agenda/<slug:slug>/inscrits/export/", views_registration_organiser.registrations_csv, name="registrations_csv"
    ),
    path(
        "agenda/<slug:slug>/inscrits/<int:pk>/",
        views_registration_organiser.registration_detail,
        name="registration_detail",
    ),
    path(
        "agenda/<slug:slug>/inscrits/<int:pk>/annuler/",
        views_registration_organiser.registration_cancel,
        name="registration_cancel",
    ),
    path("agenda/<slug:slug>/presences/", views_registration_organiser.attendance, name="attendance"),
    path(
        "agenda/<slug:slug>/presences/<int:pk>/",
        views_registration_organiser.attendance_mark,
        name="attendance_mark",
    ),
]
