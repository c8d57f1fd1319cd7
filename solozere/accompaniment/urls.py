"""Accompaniment's pages: the person's side under /accompagnement/, the staff's screens under /equipe/accompagnement/
(one staff area, ADR 0008); the partner's inbox is in urls_partner.py."""

from django.urls import include, path, re_path

from solozere.accompaniment import views, views_staff, views_survey
from solozere.core.private_links import PRIVATE_LINK

app_name = "accompaniment"

staff = [
    path("structures/", views_staff.staff_profiles, name="staff_profiles"),
    path("structures/<slug:slug>/", views_staff.staff_profile, name="staff_profile"),
    path("a-orienter/", views_staff.staff_to_route, name="staff_to_route"),
    path("sans-reponse/", views_staff.staff_unanswered, name="staff_unanswered"),
    path("absences/", views_staff.staff_absences, name="staff_absences"),
    path("absences/<int:pk>/retirer/", views_staff.staff_absence_delete, name="staff_absence_delete"),
    path("demandes/<str:reference>/", views_staff.staff_request, name="staff_request"),
]

urlpatterns = [
    path("accompagnement/", views.request_form, name="request"),
    path("accompagnement/envoyee/", views.request_sent, name="sent"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/$", views.private, name="private"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/confirmer/$", views.confirm, name="confirm"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/repondre/$", views.reply, name="reply"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/retirer/$", views.withdraw, name="withdraw"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/effacer/$", views.erase, name="erase"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/questionnaire/$", views_survey.survey, name="survey"),
    path("equipe/accompagnement/", include(staff)),
]
