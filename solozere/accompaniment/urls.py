"""The person's side of accompaniment, under /accompagnement/ (the staff's screens live under /equipe/)."""

from django.urls import path, re_path

from solozere.accompaniment import views
from solozere.core.private_links import PRIVATE_LINK

app_name = "accompaniment"

urlpatterns = [
    path("accompagnement/", views.request_form, name="request"),
    path("accompagnement/envoyee/", views.request_sent, name="sent"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/$", views.private, name="private"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/confirmer/$", views.confirm, name="confirm"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/repondre/$", views.reply, name="reply"),
    re_path(rf"^accompagnement/suivi/{PRIVATE_LINK}/retirer/$", views.withdraw, name="withdraw"),
]
