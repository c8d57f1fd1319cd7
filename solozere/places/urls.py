from django.urls import path

from solozere.places import views, views_charter, views_manage

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="list"),
    # Neither of these two can be a place slug: no trailing slash, and a dot.
    path("communes", views.commune_suggestions, name="communes"),
    path("departement.geojson", views.departement_geojson, name="departement"),
    # "charte" and "equipe" are reserved: no place gets these slugs (services.RESERVED_SLUGS).
    path("charte/", views_charter.charter, name="charter"),
    path("charte/<int:number>/", views_charter.charter_version, name="charter_version"),
    path("equipe/adhesions/", views_charter.staff_memberships, name="staff_memberships"),
    path("equipe/adhesions/<int:pk>/", views_charter.staff_membership, name="staff_membership"),
    path(
        "equipe/adhesions/<int:pk>/retablir/",
        views_charter.staff_membership_reinstate,
        name="staff_membership_reinstate",
    ),
    path("equipe/corrections/", views_charter.staff_corrections, name="staff_corrections"),
    path("equipe/corrections/<int:pk>/", views_charter.staff_correction, name="staff_correction"),
    path(
        "equipe/corrections/<int:pk>/appliquer/",
        views_charter.staff_correction_accept,
        name="staff_correction_accept",
    ),
    path(
        "equipe/corrections/<int:pk>/ecarter/",
        views_charter.staff_correction_dismiss,
        name="staff_correction_dismiss",
    ),
    path("equipe/charte/", views_charter.staff_charter, name="staff_charter"),
    path("equipe/charte/<int:number>/", views_charter.staff_charter_version, name="staff_charter_version"),
    path("equipe/charte/<int:number>/publier/", views_charter.staff_charter_publish, name="staff_charter_publish"),
    path("<slug:slug>/", views.place_detail, name="detail"),
    path("<slug:slug>/signaler/", views_charter.correction, name="correction"),
    path("<slug:slug>/gerer/", views_manage.manage, name="manage"),
    path("<slug:slug>/gerer/modifier/", views_manage.manage_edit, name="manage_edit"),
    path("<slug:slug>/gerer/photos/", views_manage.manage_photos, name="manage_photos"),
    path("<slug:slug>/gerer/photos/<int:pk>/retirer/", views_manage.manage_photo_remove, name="manage_photo_remove"),
    path("<slug:slug>/adhesion/", views_charter.adhesion, name="adhesion"),
    path("<slug:slug>/adhesion/<int:pk>/", views_charter.adhesion_detail, name="adhesion_detail"),
    path("<slug:slug>/adhesion/justificatifs/<int:pk>/", views_charter.evidence_file, name="evidence_file"),
]
