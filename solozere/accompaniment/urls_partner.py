"""The partner's inbox: /accompagnement/partenaires/ (the agent's organisations' requests) and one request."""

from django.urls import path

from solozere.accompaniment import views_partner, views_survey

app_name = "accompaniment_partner"

REFERENCE = "<str:reference>"

urlpatterns = [
    path("accompagnement/partenaires/", views_partner.inbox, name="inbox"),
    path("accompagnement/partenaires/questionnaire/", views_survey.results, name="survey_results"),
    path("accompagnement/partenaires/absences/", views_partner.absences, name="absences"),
    path("accompagnement/partenaires/absences/<int:pk>/retirer/", views_partner.absence_delete, name="absence_delete"),
    path(f"accompagnement/partenaires/{REFERENCE}/", views_partner.request_detail, name="request"),
    path(f"accompagnement/partenaires/{REFERENCE}/prendre/", views_partner.take, name="take"),
    path(f"accompagnement/partenaires/{REFERENCE}/en-cours/", views_partner.start, name="start"),
    path(f"accompagnement/partenaires/{REFERENCE}/repondre/", views_partner.answer, name="answer_post"),
    path(f"accompagnement/partenaires/{REFERENCE}/terminer/", views_partner.finish, name="finish"),
    path(f"accompagnement/partenaires/{REFERENCE}/pas-pour-nous/", views_partner.decline, name="decline"),
    path(f"accompagnement/partenaires/{REFERENCE}/transmettre/", views_partner.hand_over, name="hand_over"),
    # The signed link of an agent's e-mail (answer_links.py): answer without signing in.
    path("accompagnement/partenaires/reponse/<str:token>/", views_partner.answer_by_link, name="answer"),
]
