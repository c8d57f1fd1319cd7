from django.urls import path

from solozere.charter import views

app_name = "charter"

# Mounted under /lieux/, before the places' own patterns ("charte" and "equipe" are reserved slugs).
urlpatterns = [
    path("charte/", views.charter, name="charter"),
    path("charte/<int:number>/", views.charter_version, name="charter_version"),
    path("equipe/adhesions/", views.staff_memberships, name="staff_memberships"),
    path("equipe/adhesions/<int:pk>/", views.staff_membership, name="staff_membership"),
    path("equipe/adhesions/<int:pk>/retablir/", views.staff_membership_reinstate, name="staff_membership_reinstate"),
    path("equipe/charte/", views.staff_charter, name="staff_charter"),
    path("equipe/charte/<int:number>/", views.staff_charter_version, name="staff_charter_version"),
    path("equipe/charte/<int:number>/publier/", views.staff_charter_publish, name="staff_charter_publish"),
    path("<slug:slug>/adhesion/", views.adhesion, name="adhesion"),
    path("<slug:slug>/adhesion/<int:pk>/", views.adhesion_detail, name="adhesion_detail"),
    path("<slug:slug>/adhesion/justificatifs/<int:pk>/", views.evidence_file, name="evidence_file"),
]
