from django.urls import include, path

from solozere.accompaniment import views_staff

app_name = "accompaniment"

# Under /equipe/accompagnement/ (one staff area, ADR 0008).
staff = [
    path("structures/", views_staff.staff_profiles, name="staff_profiles"),
    path("structures/<slug:slug>/", views_staff.staff_profile, name="staff_profile"),
]

urlpatterns = [
    path("equipe/accompagnement/", include(staff)),
]
