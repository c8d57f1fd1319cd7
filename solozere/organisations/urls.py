from django.urls import include, path

from solozere.organisations import views_staff

app_name = "organisations"

# Under /equipe/structures/ (one staff area, ADR 0008).
staff = [
    path("", views_staff.staff_list, name="staff_list"),
    path("<slug:slug>/agents/", views_staff.staff_agents, name="staff_agents"),
    path("<slug:slug>/agents/ajouter/", views_staff.staff_agent_add, name="staff_agent_add"),
    path("<slug:slug>/agents/<int:pk>/retirer/", views_staff.staff_agent_remove, name="staff_agent_remove"),
]

urlpatterns = [
    path("equipe/structures/", include(staff)),
]
