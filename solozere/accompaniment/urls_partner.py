"""The partner's inbox: /accompagnement/partenaires/ (the agent's organisations' requests) and one request."""

from django.urls import path

from solozere.accompaniment import views_partner

app_name = "accompaniment_partner"

REFERENCE = "<str:reference>"

urlpatterns = [
    path("accompagnement/partenaires/", views_partner.inbox, name="inbox"),
    path(f"accompagnement/partenaires/{REFERENCE}/", views_partner.request_detail, name="request"),
    path(f"accompagnement/partenaires/{REFERENCE}/prendre/", views_partner.take, name="take"),
    path(f"accompagnement/partenaires/{REFERENCE}/en-cours/", views_partner.start, name="start"),
]
