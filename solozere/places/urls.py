from django.urls import include, path

from solozere.places import views, views_corrections, views_hours, views_manage, views_staff

app_name = "places"

public = [
    path("", views.place_list, name="list"),
    # None of these three can be a place slug: no trailing slash, and a dot.
    path("communes", views.commune_suggestions, name="communes"),
    path("commune-proche", views.nearest_commune, name="nearest_commune"),
    path("departement.geojson", views.departement_geojson, name="departement"),
    path("<slug:slug>/", views.place_detail, name="detail"),
    path("<slug:slug>/signaler/", views_corrections.correction, name="correction"),
    path("<slug:slug>/gerer/", views_manage.manage, name="manage"),
    path("<slug:slug>/gerer/modifier/", views_manage.manage_edit, name="manage_edit"),
    path("<slug:slug>/gerer/photos/", views_manage.manage_photos, name="manage_photos"),
    path("<slug:slug>/gerer/horaires/", views_hours.manage_hours, name="manage_hours"),
    path("<slug:slug>/gerer/photos/<int:pk>/retirer/", views_manage.manage_photo_remove, name="manage_photo_remove"),
]

# Under /equipe/lieux/ (one staff area, ADR 0008).
staff = [
    path("corrections/", views_staff.staff_corrections, name="staff_corrections"),
    path("corrections/<int:pk>/", views_staff.staff_correction, name="staff_correction"),
    path("corrections/<int:pk>/appliquer/", views_staff.staff_correction_accept, name="staff_correction_accept"),
    path("corrections/<int:pk>/ecarter/", views_staff.staff_correction_dismiss, name="staff_correction_dismiss"),
]

urlpatterns = [
    path("lieux/", include(public)),
    path("equipe/lieux/", include(staff)),
]
