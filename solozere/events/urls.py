"""The agenda: events, registrations, contributions. Registration and contribution routes live in their modules'
own lists, included here."""

from django.urls import path

from solozere.events import views, views_agenda, views_organise

app_name = "events"

organise = [
    path("agenda/organiser/", views_organise.mine, name="organise"),
    path("agenda/nouveau/", views_organise.edit, name="create"),
    path("agenda/series/<int:pk>/", views_organise.series, name="series"),
    path("agenda/series/<int:pk>/publier/", views_organise.series_publish_view, name="series_publish"),
    path("agenda/<slug:slug>/gerer/", views_organise.manage, name="manage"),
    path("agenda/<slug:slug>/modifier/", views_organise.edit, name="edit"),
    path("agenda/<slug:slug>/publier/", views_organise.publish, name="publish"),
    path("agenda/<slug:slug>/tenu/", views_organise.hold, name="hold"),
    path("agenda/<slug:slug>/annuler/", views_organise.cancel, name="cancel"),
]

agenda = [
    path("agenda/", views_agenda.agenda_list, name="agenda"),
    path("agenda/passes/", views_agenda.agenda_past, name="past"),
    path("agenda/agenda.ics", views_agenda.agenda_feed, name="feed"),
    path("lieux/<slug:slug>/agenda.ics", views_agenda.place_feed, name="place_feed"),
]

urlpatterns = [
    *agenda,
    *organise,
    path("agenda/<slug:slug>/", views.detail, name="detail"),
]
