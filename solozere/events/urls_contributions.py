"""Routes of contributions and of the satisfaction survey, included in events/urls.py (namespace "events")."""

from django.urls import path

from solozere.events import views_contributions, views_survey

urlpatterns = [
    # Before the event's own routes: "questionnaire" is not an event's address here.
    path("agenda/questionnaire/<str:token>/", views_survey.answer, name="survey"),
    path("agenda/<slug:slug>/questionnaire/", views_survey.results, name="survey_results"),
    path("agenda/<slug:slug>/contributions/", views_contributions.organiser_list, name="contributions"),
    path("agenda/<slug:slug>/contributions/proposer/", views_contributions.propose, name="contribution_propose"),
    path(
        "agenda/<slug:slug>/contributions/publier/",
        views_contributions.publish_direct,
        name="contribution_publish_direct",
    ),
    path(
        "agenda/<slug:slug>/contributions/<int:pk>/accepter/",
        views_contributions.accept,
        name="contribution_accept",
    ),
    path(
        "agenda/<slug:slug>/contributions/<int:pk>/decliner/",
        views_contributions.decline,
        name="contribution_decline",
    ),
    path(
        "agenda/<slug:slug>/contributions/<int:pk>/publier/",
        views_contributions.publish,
        name="contribution_publish",
    ),
    path(
        "agenda/<slug:slug>/contributions/<int:pk>/retirer/",
        views_contributions.unpublish,
        name="contribution_unpublish",
    ),
    path(
        "agenda/<slug:slug>/contributions/<int:pk>/document/",
        views_contributions.document,
        name="contribution_document",
    ),
]
