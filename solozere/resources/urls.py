from django.urls import include, path

from solozere.resources import views, views_staff

app_name = "resources"

public = [
    path("", views.item_list, name="list"),
    path("proposer/", views.propose, name="propose"),
    path("mes-propositions/", views.mine, name="mine"),
    path("<int:pk>-<slug:slug>/", views.item_detail, name="detail"),
    path("<int:pk>/fichier/", views.item_file, name="file"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
]

# Under /equipe/ressources/ (one staff area, ADR 0008).
staff = [
    path("", views_staff.staff_queue, name="staff_queue"),
    path("<int:pk>/", views_staff.staff_review, name="staff_review"),
    path("<int:pk>/publier/", views_staff.staff_publish, name="staff_publish"),
    path("<int:pk>/refuser/", views_staff.staff_reject, name="staff_reject"),
    path("<int:pk>/retirer/", views_staff.staff_unpublish, name="staff_unpublish"),
]

urlpatterns = [
    path("ressources/", include(public)),
    path("equipe/ressources/", include(staff)),
]
