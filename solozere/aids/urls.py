from django.urls import path

from solozere.aids import views

app_name = "aids"

urlpatterns = [
    path("", views.index, name="index"),
    path("dispositifs/<slug:slug>/", views.scheme_detail, name="scheme_detail"),
    path("dispositifs/<slug:slug>/reglement/", views.scheme_rules, name="scheme_rules"),
    path("dispositifs/<slug:slug>/demande/", views.application_new, name="application_new"),
    path("mes-demandes/", views.my_applications, name="my_applications"),
    path("demandes/<int:pk>/", views.application_detail, name="application_detail"),
    path("demandes/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("demandes/<int:pk>/pieces/", views.document_upload, name="document_upload"),
    path("demandes/<int:pk>/pieces/<int:document_pk>/retirer/", views.document_delete, name="document_delete"),
    path("demandes/<int:pk>/deposer/", views.application_submit, name="application_submit"),
    path("demandes/<int:pk>/completer/", views.application_complete, name="application_complete"),
    path("demandes/<int:pk>/retirer/", views.application_withdraw, name="application_withdraw"),
    path("demandes/<int:pk>/messages/", views.applicant_message, name="applicant_message"),
    path("demandes/<int:pk>/lettre-de-decision/", views.decision_letter, name="decision_letter"),
    path("pieces/<int:document_pk>/", views.document_download, name="document_download"),
    path("instruction/", views.staff_queue, name="staff_queue"),
    path("instruction/statistiques/", views.staff_report, name="staff_report"),
    path("instruction/statistiques.csv", views.staff_report_csv, name="staff_report_csv"),
    path("instruction/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("instruction/<int:pk>/attribuer/", views.staff_assign, name="staff_assign"),
    path("instruction/<int:pk>/instruire/", views.staff_start_review, name="staff_start_review"),
    path("instruction/<int:pk>/pieces-demandees/", views.staff_request_documents, name="staff_request_documents"),
    path("instruction/<int:pk>/accorder/", views.staff_accept, name="staff_accept"),
    path("instruction/<int:pk>/refuser/", views.staff_refuse, name="staff_refuse"),
    path("instruction/<int:pk>/versement/", views.staff_payment, name="staff_payment"),
    path("instruction/<int:pk>/notes/", views.staff_annotation, name="staff_annotation"),
    path("instruction/<int:pk>/messages/", views.staff_message, name="staff_message"),
]
