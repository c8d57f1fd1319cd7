from django.urls import include, path
from django.views.generic import RedirectView

from solozere.community import views, views_staff

app_name = "community"

public = [
    path("", views.index, name="index"),
    path("adherer/", views.apply, name="apply"),
    path("adherer/<slug:step>/", views.apply_step, name="apply_step"),
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

# Under /equipe/communaute/ (one staff area, ADR 0008).
staff = [
    path("adhesions/", views_staff.review_queue, name="review_queue"),
    path("adhesions/<int:pk>/", views_staff.review, name="review"),
    path("adhesions/<int:pk>/decision/", views_staff.decide, name="decide"),
    path("adhesions/<int:pk>/reafficher/", views_staff.show_again, name="show_again"),
    path("signalements/", views_staff.reports, name="reports"),
    path("signalements/<int:pk>/traiter/", views_staff.report_resolve, name="report_resolve"),
]

urlpatterns = [
    path("communaute/", include(public)),
    path("equipe/communaute/", include(staff)),
]
