from django.urls import include, path

from solozere.aids import views, views_staff

app_name = "aids"

public = [
    path("", views.index, name="index"),
    path("dispositifs/<slug:slug>/", views.scheme_detail, name="scheme_detail"),
    path("dispositifs/<slug:slug>/reglement/", views.scheme_rules, name="scheme_rules"),
    path("dispositifs/<slug:slug>/demande/", views.application_new, name="application_new"),
    path("mes-demandes/", views.my_applications, name="my_applications"),
    path("demandes/<int:pk>/", views.application_detail, name="application_detail"),
    path("demandes/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("demandes/<int:pk>/modifier/<slug:step>/", views.application_edit, name="application_step"),
    path("demandes/<int:pk>/supprimer/", views.application_delete, name="application_delete"),
    path("demandes/<int:pk>/pieces/", views.document_upload, name="document_upload"),
    path("demandes/<int:pk>/pieces/<int:document_pk>/retirer/", views.document_delete, name="document_delete"),
    path("demandes/<int:pk>/deposer/", views.application_submit, name="application_submit"),
    path("demandes/<int:pk>/completer/", views.application_complete, name="application_complete"),
    path("demandes/<int:pk>/retirer/", views.application_withdraw, name="application_withdraw"),
    path("demandes/<int:pk>/messages/", views.applicant_message, name="applicant_message"),
    path("demandes/<int:pk>/lettre-de-decision/", views.decision_letter, name="decision_letter"),
    path("pieces/<int:document_pk>/", views.document_download, name="document_download"),
    path("entreprises/<int:company_pk>/representer/", views.claim_new, name="claim_new"),
]

# Under /equipe/aides/ (one staff area, ADR 0008).
staff = [
    path("", views_staff.staff_queue, name="staff_queue"),
    path("statistiques/", views_staff.staff_report, name="staff_report"),
    path("statistiques.csv", views_staff.staff_report_csv, name="staff_report_csv"),
    path("representations/", views_staff.staff_claims, name="staff_claims"),
    path("representations/<int:pk>/", views_staff.staff_claim, name="staff_claim"),
    path(
        "representations/<int:pk>/accepter/",
        views_staff.staff_claim_decide,
        {"decision": "approve"},
        name="staff_claim_approve",
    ),
    path(
        "representations/<int:pk>/refuser/",
        views_staff.staff_claim_decide,
        {"decision": "refuse"},
        name="staff_claim_refuse",
    ),
    path("representations/<int:pk>/piece/", views_staff.staff_claim_document, name="staff_claim_document"),
    path("dispositifs/", views_staff.staff_schemes, name="staff_schemes"),
    path("dispositifs/<slug:slug>/financement/", views_staff.staff_scheme_funding, name="staff_scheme_funding"),
    path("<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("<int:pk>/attribuer/", views_staff.staff_assign, name="staff_assign"),
    path("<int:pk>/instruire/", views_staff.staff_start_review, name="staff_start_review"),
    path("<int:pk>/pieces-demandees/", views_staff.staff_request_documents, name="staff_request_documents"),
    path("<int:pk>/accorder/", views_staff.staff_accept, name="staff_accept"),
    path("<int:pk>/refuser/", views_staff.staff_refuse, name="staff_refuse"),
    path("<int:pk>/versement/", views_staff.staff_payment, name="staff_payment"),
    path("<int:pk>/notes/", views_staff.staff_annotation, name="staff_annotation"),
    path("<int:pk>/messages/", views_staff.staff_message, name="staff_message"),
]

urlpatterns = [
    path("aide-teletravail/", include(public)),
    path("equipe/aides/", include(staff)),
]
