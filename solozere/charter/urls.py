from django.urls import include, path

from solozere.charter import views, views_staff

app_name = "charter"

# Under /lieux/, before the places' own patterns ("charte" is a reserved slug).
public = [
    path("charte/", views.charter, name="charter"),
    path("charte/<int:number>/", views.charter_version, name="charter_version"),
    path("<slug:slug>/adhesion/", views.adhesion, name="adhesion"),
    path("<slug:slug>/adhesion/<int:pk>/", views.adhesion_detail, name="adhesion_detail"),
    path("<slug:slug>/adhesion/justificatifs/<int:pk>/", views.evidence_file, name="evidence_file"),
]

# Under /equipe/charte/ (one staff area, ADR 0008).
staff = [
    path("adhesions/", views_staff.staff_memberships, name="staff_memberships"),
    path("adhesions/<int:pk>/", views_staff.staff_membership, name="staff_membership"),
    path("adhesions/<int:pk>/retablir/", views_staff.staff_membership_reinstate, name="staff_membership_reinstate"),
    path("versions/", views_staff.staff_charter, name="staff_charter"),
    path("versions/<int:number>/", views_staff.staff_charter_version, name="staff_charter_version"),
    path("versions/<int:number>/publier/", views_staff.staff_charter_publish, name="staff_charter_publish"),
]

urlpatterns = [
    path("lieux/", include(public)),
    path("equipe/charte/", include(staff)),
]
