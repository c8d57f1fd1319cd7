"""Bookable resources of the places, bookings, closures, waiting list, presence and the avoided commute."""

from django.urls import include, path

from solozere.bookings import views, views_manage, views_occupancy, views_presence, views_staff, views_waitlist

app_name = "bookings"

# Under /lieux/<slug>/: booking from a place, and what its managers run.
place = [
    path("reserver/", views.place_resources, name="place_resources"),
    path("reserver/<int:pk>/", views.book, name="book"),
    path("reserver/<int:pk>/attente/", views_waitlist.join, name="waitlist_join"),
    path("reservations/", views_manage.place_calendar, name="calendar"),
    path("reservations/export/", views_manage.export_month, name="export"),
    path("reservations/<int:pk>/", views_manage.booking_detail, name="manage_booking"),
    path(
        "reservations/<int:pk>/<str:action>/",
        views_manage.booking_decide,
        name="manage_booking_decide",
    ),
    path("ressources/", views_manage.resources, name="manage_resources"),
    path("ressources/ajouter/", views_manage.resource_edit, name="manage_resource_add"),
    path("ressources/<int:pk>/", views_manage.resource_edit, name="manage_resource"),
    path("fermetures/", views_manage.closures, name="manage_closures"),
    path("fermetures/<int:pk>/supprimer/", views_manage.closure_remove, name="manage_closure_remove"),
]

mine = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.mine_detail, name="mine_detail"),
    path("<int:pk>/annuler/", views.mine_cancel, name="mine_cancel"),
    path("attente/<int:pk>/", views_waitlist.detail, name="waitlist_detail"),
    path("attente/<int:pk>/reserver/", views_waitlist.accept, name="waitlist_accept"),
    path("attente/<int:pk>/quitter/", views_waitlist.leave, name="waitlist_leave"),
]

urlpatterns = [
    path("lieux/<slug:slug>/", include(place)),
    path("reservations/", include(mine)),
    path("equipe/reservations/", views_staff.staff_booking_list, name="staff_bookings"),
    path("equipe/reservations/occupation/", views_staff.staff_occupancy, name="staff_occupancy"),
    path("equipe/reservations/occupation/export/", views_staff.staff_occupancy_export, name="staff_occupancy_export"),
    path("reservations/statistiques/", views_occupancy.statistics, name="occupancy"),
]

# Presence (« j'y suis ») and the avoided commute.
urlpatterns += [
    path("reservations/impact/", views_presence.impact, name="presence_impact"),
    path("reservations/mon-impact/", views_presence.my_impact, name="presence_my_impact"),
    path("reservations/presence/<slug:slug>/", views_presence.check_in, name="presence_check_in"),
    path("reservations/presence/<slug:slug>/retirer/", views_presence.check_in_withdraw, name="presence_withdraw"),
    path("reservations/presence/<slug:slug>/affiche/", views_presence.poster, name="presence_poster"),
]
