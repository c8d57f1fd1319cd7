from django.urls import path
from django.views.generic import RedirectView

from solozere.community import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("adherer/", views.apply, name="apply"),
    path("mon-adhesion/", views.my_membership, name="my_membership"),
    path("mon-adhesion/renouveler/", views.renew, name="renew"),
    path("mon-adhesion/consentements/", views.update_consents, name="consents"),
    path("membres/", views.directory, name="directory"),
    path("membres/<uuid:public_id>/", views.profile_detail, name="profile"),
    path("membres/<uuid:public_id>/ecrire/", views.contact, name="contact"),
    path("membres/<uuid:public_id>/signaler/", views.profile_report, name="profile_report"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/repondre/", views.message_reply, name="message_reply"),
    path("messages/<int:pk>/signaler/", views.message_report, name="message_report"),
    path("gestion/adhesions/", views.review_queue, name="review_queue"),
    path("gestion/adhesions/<int:pk>/", views.review, name="review"),
    path("gestion/adhesions/<int:pk>/decision/", views.decide, name="decide"),
    path("gestion/adhesions/<int:pk>/reafficher/", views.show_again, name="show_again"),
    path("gestion/signalements/", views.reports, name="reports"),
    path("gestion/signalements/<int:pk>/traiter/", views.report_resolve, name="report_resolve"),
    # Personal data belongs to the account now; links in e-mails already sent keep working.
    path("mes-donnees/", RedirectView.as_view(pattern_name="accounts:personal_data", permanent=True), name="my_data"),
    path(
        "mes-donnees/export/",
        RedirectView.as_view(pattern_name="accounts:personal_data_export", permanent=True),
        name="my_data_export",
    ),
    path(
        "mes-donnees/supprimer/",
        RedirectView.as_view(pattern_name="accounts:account_delete", permanent=True),
        name="account_delete",
    ),
]
